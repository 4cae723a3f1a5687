/**
 * Walks each stage's instructions in order, carrying the builder state
 * (ENV, ARG, WORKDIR, USER, SHELL) and turning every instruction into a Step.
 * One `switch` on the keyword; each case is a small pure function.
 */
import type { Instruction } from '../parse/index.js';
import { addEnvironmentWork, argDeclarations, atLine, checkEnvironment, expandWord, splitWords } from '../parse/index.js';
import { applyCopy } from './apply-copy.js';
import { applyRun } from './apply-run.js';
import { resolveFrom } from './paths.js';
import { initialState, setVar, varsOf } from './state.js';
import type { KeyValue, Stage, StageGraph, Step, StepOp, StepState } from './types.js';

export interface EvaluateOptions {
  readonly buildArgs: ReadonlyMap<string, string>;
  /** TARGETPLATFORM, BUILDARCH, ...: values a stage sees once it declares `ARG NAME`. */
  readonly platformArgs: ReadonlyMap<string, string>;
  readonly escape: string;
}

/**
 * Steps for every stage, indexed by stage (stages a target skips are evaluated too, for display).
 * Throws LimitExceeded (with the instruction's line) when a substitution or the environment passes parse/limits.ts.
 */
export function evaluateStages(graph: StageGraph, opts: EvaluateOptions): Step[][] {
  const finals: StepState[] = [];
  const work: EnvironmentWork = { total: 0, sizes: new WeakMap() };
  return graph.stages.map((stage) => {
    const start = stage.base.kind === 'stage' ? inherit(finals[stage.base.index]) : initialState();
    const steps = evaluateStage(stage, start, graph, opts, work);
    finals[stage.index] = steps[steps.length - 1]?.state ?? start;
    return steps;
  });
}

/** A `FROM <stage>` child starts from the parent's env, workdir, user and shell; ARG declarations do not carry over. */
function inherit(parent: StepState | undefined): StepState {
  return parent ? { ...parent, args: [] } : initialState();
}

/** The environment bytes summed over steps so far, and each env list's size (lists are shared until changed). */
interface EnvironmentWork {
  total: number;
  readonly sizes: WeakMap<readonly KeyValue[], number>;
}

function evaluateStage(stage: Stage, start: StepState, graph: StageGraph, opts: EvaluateOptions, work: EnvironmentWork): Step[] {
  const steps: Step[] = [{ id: `${stage.index}.0`, stage: stage.index, instruction: stage.from, op: { kind: 'from', base: stage.base, platform: stage.platform }, state: start }];
  let state = start;
  const triggers = onbuildTriggers(stage, graph);
  [...triggers, ...stage.instructions].forEach((ins, i) => {
    const { op, next } = atLine(ins.line, () => applyInstruction(ins, state, graph, opts));
    if (!work.sizes.has(next.env)) work.sizes.set(next.env, atLine(ins.line, () => checkEnvironment(next.env)));
    work.total = atLine(ins.line, () => addEnvironmentWork(work.total, work.sizes.get(next.env) ?? 0));
    // RUN/COPY run in the state before them; config steps show the state they produce.
    const after = op.kind === 'config' || op.kind === 'arg' || op.kind === 'workdir';
    steps.push({ id: `${stage.index}.${i + 1}`, stage: stage.index, instruction: ins, op, state: after ? next : state, ...(i < triggers.length ? { trigger: true as const } : {}) });
    state = next;
  });
  return steps;
}

/**
 * `FROM <stage>` runs the ONBUILD triggers that stage registered, right after
 * FROM; BuildKit reports them on the FROM line (recorded: onbuild-stage).
 */
function onbuildTriggers(stage: Stage, graph: StageGraph): Instruction[] {
  if (stage.base.kind !== 'stage') return [];
  const parent = graph.stages[stage.base.index];
  return (parent?.instructions ?? [])
    .flatMap((i) => (i.keyword === 'ONBUILD' && i.trigger ? [i.trigger] : []))
    .map((t) => ({ ...t, line: stage.from.line, endLine: stage.from.line }));
}

function applyInstruction(ins: Instruction, state: StepState, graph: StageGraph, opts: EvaluateOptions): { op: StepOp; next: StepState } {
  const vars = varsOf(state);
  const expand = (w: string): string => expandWord(w, vars, opts.escape);
  switch (ins.keyword) {
    case 'RUN':
      return { op: applyRun(ins, state, graph.stages, opts.escape), next: state };
    case 'COPY':
    case 'ADD':
      return { op: applyCopy(ins, state, graph.stages, opts.escape, graph.namedContexts), next: state };
    case 'WORKDIR': {
      const path = resolveFrom(state.workdir, expand(ins.rest));
      return { op: { kind: 'workdir', path }, next: { ...state, workdir: path } };
    }
    case 'ARG':
      return applyArg(ins, state, graph, opts);
    case 'ENV': {
      const pairs = nameValues(ins.rest, opts.escape).map(([k, v]) => [k, expand(v)] as const);
      const env = pairs.reduce<KeyValue[]>((list, [k, v]) => setVar(list, k, v), [...state.env]);
      return { op: config(ins, pairs), next: { ...state, env } };
    }
    case 'USER': {
      const user = expand(ins.rest);
      return { op: { kind: 'config', text: `USER ${user}` }, next: { ...state, user } };
    }
    case 'SHELL':
      return { op: { kind: 'config', text: `SHELL ${JSON.stringify(ins.exec ?? [])}` }, next: { ...state, shell: ins.exec ?? state.shell } };
    case 'LABEL':
      return { op: config(ins, nameValues(ins.rest, opts.escape).map(([k, v]) => [expand(k), expand(v)])), next: state };
    case 'EXPOSE':
    case 'VOLUME':
    case 'STOPSIGNAL':
      return { op: { kind: 'config', text: `${ins.keyword} ${ins.exec ? JSON.stringify(ins.exec.map(expand)) : splitWords(ins.rest, opts.escape).map(expand).join(' ')}` }, next: state };
    default:
      // CMD, ENTRYPOINT, HEALTHCHECK, ONBUILD, MAINTAINER and unknown keywords are not expanded.
      return { op: { kind: 'config', text: `${ins.keyword} ${ins.rest}` }, next: state };
  }
}

function config(ins: Instruction, pairs: readonly KeyValue[]): StepOp {
  return { kind: 'config', text: `${ins.keyword} ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}` };
}

/** `ARG NAME[=default]...`: a value from --build-arg, else the default, else the global ARG or platform value. */
function applyArg(ins: Instruction, state: StepState, graph: StageGraph, opts: EvaluateOptions): { op: StepOp; next: StepState } {
  let next = state;
  const names: string[] = [];
  for (const { name, value: raw } of argDeclarations(ins.rest, opts.escape)) {
    const dflt = raw === undefined ? undefined : expandWord(raw, varsOf(next), opts.escape);
    const value = opts.buildArgs.get(name) ?? dflt ?? graph.globalArgs.get(name) ?? opts.platformArgs.get(name);
    names.push(name);
    if (value === undefined) continue;
    next = { ...next, env: setVar(next.env, name, value), args: setVar(next.args, name, value) };
  }
  return { op: { kind: 'arg', names }, next };
}

/** `ENV a=b c="d e"` or the legacy `ENV a b c`; quotes stay in values until expansion. */
export function nameValues(rest: string, escape: string): KeyValue[] {
  const words = splitWords(rest, escape);
  if (words.length && !words[0]?.includes('=')) {
    const m = /^(\S+)\s+([\s\S]*)$/.exec(rest.trim());
    return m?.[1] ? [[m[1], m[2] ?? '']] : [[rest.trim(), '']];
  }
  return words.map((w) => {
    const eq = w.indexOf('=');
    return eq < 0 ? [w, ''] : [w.slice(0, eq), w.slice(eq + 1)];
  });
}
