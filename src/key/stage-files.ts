/**
 * Files whose content is known inside a stage's filesystem: those put there
 * by a plain COPY of one context file, until a RUN (which may change anything)
 * or another copy over them. A `COPY --from=<stage>` of such a file is keyed
 * by that content, as builders key it, so it matches the same copy made
 * elsewhere (recorded: copy-from-index, copy-same-key-across-stages).
 */
import type { Step } from '../graph/index.js';
import type { ContextView, FileInput, Fingerprints } from './types.js';

/** Absolute path in the stage → the content copied there. */
export type StageFiles = ReadonlyMap<string, FileInput>;

export function updateStageFiles(files: StageFiles, step: Step, inputs: readonly FileInput[]): StageFiles {
  const op = step.op;
  if (op.kind === 'run') return new Map();
  if (op.kind !== 'copy') return files;
  const dest = op.dest.endsWith('/') ? op.dest : `${op.dest}/`;
  const next = new Map([...files].filter(([p]) => p !== op.dest && !p.startsWith(dest)));
  const only = inputs[0];
  const single = inputs.length === 1 && only && (only.count ?? 1) === 1 && soleFingerprint(only.files)?.startsWith('f:');
  if (op.from.kind === 'context' && single && !op.chown && !op.chmod && op.sources.length === 1) {
    const source = op.sources[0] ?? '';
    next.set(op.dest.endsWith('/') ? `${op.dest}${source.split('/').pop()}` : op.dest, only);
  }
  return next;
}

/**
 * The fingerprint of a one-entry selection, else undefined. Stops at the
 * second entry: listing the values of a 20,000-file `COPY . .` twice to see
 * that it is not one file took ~6 ms per plan. (Even stopping, a for-in
 * lists every key first: a FileInput's count, when known, says it sooner.)
 */
function soleFingerprint(files: Fingerprints): string | undefined {
  let sole: string | undefined;
  let count = 0;
  for (const path in files) {
    if (++count > 1) return undefined;
    sole = files[path];
  }
  return sole;
}

/**
 * For a COPY --from=<stage> whose every source is a known file: the step as a
 * copy of that content, and a view that answers with it. null otherwise.
 */
export function knownCopy(step: Step, stageFiles: readonly (StageFiles | undefined)[]): { step: Step; view: ContextView } | null {
  const op = step.op;
  if (op.kind !== 'copy' || op.from.kind !== 'stage' || op.chown || op.chmod) return null;
  const files = stageFiles[op.from.index];
  const absolute = (s: string): string => `/${s.replace(/^\/+/, '')}`;
  if (!files || !op.sources.length || !op.sources.every((s) => files.has(absolute(s)))) return null;
  const view: ContextView = {
    select: (source) => {
      const known = files.get(absolute(source));
      return known ? { kind: 'ok', files: known.files } : { kind: 'not-found', path: source };
    },
  };
  return { step: { ...step, op: { ...op, from: { kind: 'context' } } }, view };
}
