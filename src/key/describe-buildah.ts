/**
 * What buildah (imagebuildah, `--layers`) compares: every instruction adds a
 * history entry whose CreatedBy must match, so every instruction is a step.
 * RUN: `|N k=v... /bin/sh -c ` + the raw line after "RUN " (flags and spaces
 * included); COPY/ADD: the digest of the copied content; ARG: names only
 * (and whether each is set);
 * everything else: the raw, unexpanded line.
 */
import type { Step } from '../graph/index.js';
import type { StepDescription } from './describe.js';
import { fileInputs, stageReads } from './describe.js';
import type { ContextView, HashFn } from './types.js';

export function describeBuildah(step: Step, ctx: ContextView, hash: HashFn): StepDescription | null {
  const { op, instruction, state } = step;
  const base = { env: [], settings: {}, files: [], readsStages: [] };
  // OCI-format images drop ONBUILD, so buildah never runs the triggers (recorded: onbuild-stage).
  if (step.trigger) return null;
  switch (op.kind) {
    case 'from':
      return null;
    case 'run': {
      const bodies = instruction.heredocs.map((h) => h.body.trim()).join('\n');
      // buildah 1.28 keys no mount content, from the context or a stage (recorded: run-mount-bind, bind-from-different-output).
      return { ...base, op: `/bin/sh -c ${instruction.original.slice(4)}${bodies ? `\n${bodies}` : ''}`, env: state.args };
    }
    case 'copy':
      return {
        ...base,
        op: JSON.stringify({ kind: op.add ? 'ADD' : 'COPY', dest: op.dest, chown: op.chown, chmod: op.chmod, remote: op.remote, inline: op.inline }),
        files: fileInputs(step, ctx, hash),
        readsStages: stageReads(op),
      };
    case 'arg': {
      // Names only, but whether each has a value counts (recorded: arg-empty-value).
      const valued = new Set(state.args.map(([k]) => k));
      return { ...base, op: `ARG ${op.names.map((n) => (valued.has(n) ? `${n}=` : n)).join(' ')}` };
    }
    case 'workdir':
    case 'config':
      return { ...base, op: `/bin/sh -c #(nop) ${instruction.original}` };
  }
}
