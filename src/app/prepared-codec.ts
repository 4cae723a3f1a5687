/**
 * A prepared Dockerfile's stage graph and steps as JSON, for app/parse-memo.ts, and back. Plain JSON loses
 * what the prepared data holds beside plain values: its Maps, an ARG declared without a value (undefined),
 * and its sharing (a stage's and a step's instruction is the parse's own object; steps in one state share
 * it). So instructions are written as their index in the parse (an ONBUILD trigger, a copy made for its
 * stage, as itself), states once each in a table, and the Maps as entry lists: what is read back is equal
 * to what was prepared and shares as it did. Pure.
 */
import type { NamedContext, Stage, StageGraph, Step, StepState } from '../graph/index.js';
import type { Instruction, ParsedDockerfile } from '../parse/index.js';
import type { PreparedDockerfile } from './prepare.js';

/** An instruction of the parse by index, or one of the graph's own. */
type InstructionRef = number | Instruction;

/** A Stage with its instructions as references (so a field added to Stage is one the codec must handle). */
type StageJson = Omit<Stage, 'from' | 'instructions'> & {
  readonly from: InstructionRef;
  readonly instructions: readonly InstructionRef[];
};

/** A Step with its instruction as a reference and its state as an index in PreparedJson.states. */
type StepJson = Omit<Step, 'instruction' | 'state'> & {
  readonly instruction: InstructionRef;
  readonly state: number;
};

export interface PreparedJson {
  /** [name] for an ARG without a value, else [name, value]. */
  readonly globalArgs: readonly (readonly [string] | readonly [string, string])[];
  readonly stages: readonly StageJson[];
  readonly target: number;
  readonly order: readonly number[];
  readonly namedContexts: readonly (readonly [string, NamedContext])[];
  readonly states: readonly StepState[];
  readonly steps: readonly (readonly StepJson[])[];
}

export function encodePrepared(p: PreparedDockerfile): PreparedJson {
  const at = new Map(p.parsed.instructions.map((ins, i) => [ins, i]));
  const ref = (ins: Instruction): InstructionRef => at.get(ins) ?? ins;
  const states = new Map<StepState, number>();
  const stateRef = (s: StepState): number => states.get(s) ?? states.set(s, states.size).size - 1;
  const g = p.graph;
  const stages = g.stages.map((s) => ({ ...s, from: ref(s.from), instructions: s.instructions.map(ref) }));
  const steps = p.steps.map((list) => list.map((s) => ({ ...s, instruction: ref(s.instruction), state: stateRef(s.state) })));
  const globalArgs = [...g.globalArgs].map(([k, v]): readonly [string] | readonly [string, string] => (v === undefined ? [k] : [k, v]));
  return { globalArgs, stages, target: g.target, order: g.order, namedContexts: [...g.namedContexts], states: [...states.keys()], steps };
}

/** What encodePrepared wrote, with `parsed` (the parse it was prepared from); throws on a reference it cannot resolve. */
export function decodePrepared(j: PreparedJson, parsed: ParsedDockerfile): PreparedDockerfile {
  const ins = (r: InstructionRef): Instruction => (typeof r === 'number' ? item(parsed.instructions, r) : r);
  const stages: Stage[] = j.stages.map((s) => ({ ...s, from: ins(s.from), instructions: s.instructions.map(ins) }));
  const steps: Step[][] = j.steps.map((list) => list.map((s) => ({ ...s, instruction: ins(s.instruction), state: item(j.states, s.state) })));
  const globalArgs = new Map<string, string | undefined>(j.globalArgs.map(([k, v]) => [k, v]));
  const graph: StageGraph = { globalArgs, stages, target: j.target, order: j.order, namedContexts: new Map(j.namedContexts) };
  return { parsed, graph, steps };
}

function item<T>(list: readonly T[], i: number): T {
  const v = list[i];
  if (v === undefined) throw new Error(`prepared memo: no item ${i}`);
  return v;
}
