/** The builder-neutral parts of describing a step for its key. */
import type { KeyValue, Step, StepOp } from '../graph/index.js';
import { withoutExcluded } from './exclude.js';
import type { ContextView, FileInput, Fingerprints, HashFn } from './types.js';

/** One builder's view of a step: what goes into its key besides the parent. */
export interface StepDescription {
  readonly op: string;
  readonly env: readonly KeyValue[];
  readonly settings: Readonly<Record<string, string>>;
  readonly files: readonly FileInput[];
  readonly readsStages: readonly number[];
}

/** A COPY/ADD or bind-mount source that the context does not have; the build would fail. */
export class SourceNotFound extends Error {
  constructor(readonly step: Step, readonly source: string) {
    super(`"${source}" was not found in the build context`);
  }
}

/** Content of every context file the step reads: COPY/ADD sources, or bind mounts of the context. */
export function fileInputs(step: Step, ctx: ContextView, hash: HashFn): FileInput[] {
  const sources = contextSources(step.op);
  const name = step.op.kind === 'copy' && step.op.from.kind === 'named' ? step.op.from.name : null;
  const view = name === null ? ctx : ctx.named?.(name) ?? null;
  return sources.map(({ source, wildcards }) => {
    const found = view ? view.select(source, { wildcards }) : { kind: 'not-found' as const, path: source };
    if (found.kind === 'not-found') throw new SourceNotFound(step, source);
    const files = step.op.kind === 'copy' ? withoutExcluded(found.files, source, step.op.exclude) : found.files;
    return { source, digest: digestFiles(files, hash), files, ...(name === null ? {} : { context: name }) };
  });
}

function contextSources(op: StepOp): { source: string; wildcards: boolean }[] {
  if (op.kind === 'copy' && (op.from.kind === 'context' || op.from.kind === 'named')) return op.sources.map((source) => ({ source, wildcards: true }));
  if (op.kind === 'run') {
    return op.mounts
      .filter((m) => m.type === 'bind' && !m.options.from)
      .map((m) => ({ source: m.options.source ?? '.', wildcards: false }));
  }
  return [];
}

/** Stages whose files the step reads (COPY --from=stage, RUN --mount from=stage). */
export function stageReads(op: StepOp): number[] {
  if (op.kind === 'copy' && op.from.kind === 'stage') return [op.from.index];
  if (op.kind === 'run') return op.mounts.flatMap((m) => (m.fromStage === null ? [] : [m.fromStage]));
  return [];
}

/** Order-independent digest of a set of fingerprints (paths sorted, so walk order never matters). */
export function digestFiles(files: Fingerprints, hash: HashFn): string {
  const lines = sortedKeys(files).map((p) => `${p}\0${files[p]}`);
  return hash(lines.join('\n'));
}

/**
 * The keys in string order. A selection comes in walk order, which is string
 * order except where a name continues with a character below '/', so the
 * keys are checked first and sorted only when needed: sorting 20,000 paths
 * that are already in order was ~10 ms of every plan of a `COPY . .`.
 */
function sortedKeys(files: Fingerprints): string[] {
  const keys = Object.keys(files);
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return keys.sort();
  return keys;
}

/** The same inputs with file and directory modes dropped from each fingerprint (`f:644:x` → `f::x`, `d:755` → `d`). */
export function withoutModes(inputs: readonly FileInput[], hash: HashFn): FileInput[] {
  return inputs.map((input) => {
    const files: Record<string, string> = {};
    for (const [p, f] of Object.entries(input.files)) files[p] = f.startsWith('f:') ? f.replace(/^f:[0-7]*:/, 'f::') : f.startsWith('d') ? 'd' : f;
    return { ...input, files, digest: digestFiles(files, hash) };
  });
}
