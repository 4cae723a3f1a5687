/** RUN: the argv the builder executes, and its --mount/--network/--security flags. */
import type { Instruction } from '../parse/index.js';
import { expandWord } from '../parse/index.js';
import { findStage } from './build-stage-graph.js';
import { mountOptions } from './mount-options.js';
import { varsOf } from './state.js';
import type { Mount, Stage, StepOp, StepState } from './types.js';

export function applyRun(ins: Instruction, state: StepState, stages: readonly Stage[], escape: string): StepOp {
  const vars = varsOf(state);
  const flag = (name: string): string | null => ins.flags.find((f) => f.name === name)?.value ?? null;
  return {
    kind: 'run',
    argv: ins.exec ?? [...state.shell, shellText(ins)],
    shellForm: ins.exec === null,
    mounts: ins.flags.filter((f) => f.name === 'mount').map((f) => parseMount(f.value ?? '', vars, escape, stages)),
    network: flag('network'),
    security: flag('security'),
  };
}

/** Shell text as the builder hands it to the shell: heredoc bodies travel with it. */
function shellText(ins: Instruction): string {
  if (!ins.heredocs.length) return ins.rest;
  // `RUN <<EOF` alone: BuildKit runs the body itself in the shell, so the delimiter's name is not in the key
  // (recorded: heredoc-delimiter-rename). A heredoc inside a longer command goes to the shell whole.
  const only = ins.heredocs[0];
  if (ins.heredocs.length === 1 && only && /^<<-?(["']?)[A-Za-z_][\w.-]*\1$/.test(ins.rest.trim())) return only.body;
  return [ins.rest, ...ins.heredocs.flatMap((h) => [h.body, h.name])].join('\n');
}

/** `type=cache,target=/x,id=y` → a Mount; values are variable-expanded as BuildKit does. */
export function parseMount(spec: string, vars: ReadonlyMap<string, string>, escape: string, stages: readonly Stage[]): Mount {
  const options = mountOptions(spec, (raw) => expandWord(raw, vars, escape));
  const type = options.type ?? 'bind';
  delete options.type;
  const from = options.from;
  return { type, options, fromStage: from ? findStage(from, stages) : null };
}
