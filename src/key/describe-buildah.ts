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
import { fileInputs, stageReads, withoutModes } from './describe.js';
import type { BuilderModel } from './builder-model.js';
import type { ContextView, HashFn } from './types.js';
import { assertNever } from '../lang/assert-never.js';
import { ownerKey } from './owner.js';

export function describeBuildah(step: Step, ctx: ContextView, hash: HashFn, model: BuilderModel): StepDescription | null {
  const { op, instruction, state } = step;
  const base = { env: [], settings: {}, files: [], readsStages: [] };
  // OCI-format images drop ONBUILD, so buildah never runs the triggers (recorded: onbuild-stage).
  if (step.trigger) return null;
  switch (op.kind) {
    case 'from':
      return null;
    case 'run': {
      const bodies = instruction.heredocs.map((h) => h.body.trim()).join('\n');
      const run = { ...base, op: `/bin/sh -c ${instruction.original.slice(4)}${bodies ? `\n${bodies}` : ''}`, env: state.args };
      // buildah 1.28 keys no mount content, from the context or a stage (recorded: run-mount-bind, bind-from-different-output);
      // 1.43 adds the checksum of a bind-mounted context source to the history.
      return model.keysBindSources ? { ...run, files: fileInputs(step, ctx, hash) } : run;
    }
    case 'copy': {
      // --chmod sets every copied file's mode, so the context's own modes are not in the digest (recorded:
      // copy-chmod-context-mode); --link is in the history text, so adding it is a miss (recorded: copy-link-added).
      const files = fileInputs(step, ctx, hash);
      return {
        ...base,
        op: JSON.stringify({ kind: op.add ? 'ADD' : 'COPY', dest: op.dest, chown: ownerKey(op.chown, 'buildah'), chmod: op.chmod, link: op.link, remote: op.remote, inline: op.inline }),
        files: op.chmod === null ? files : withoutModes(files, hash),
        readsStages: stageReads(op),
      };
    }
    case 'arg': {
      // Names only, but whether each has a value counts (recorded: arg-empty-value).
      const valued = new Set(state.args.map(([k]) => k));
      return { ...base, op: `ARG ${op.names.map((n) => (valued.has(n) ? `${n}=` : n)).join(' ')}` };
    }
    case 'workdir':
    case 'config':
      return { ...base, op: `/bin/sh -c #(nop) ${instruction.original}` };
    default:
      return assertNever(op);
  }
}

