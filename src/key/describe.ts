/** The builder-neutral parts of describing a step for its key. */
import type { KeyValue, Step, StepOp } from '../graph/index.js';
import { withoutExcluded } from './exclude.js';
import type { ContextView, DigestText, FileInput, Fingerprints, HashFn, KnownDigest } from './types.js';

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
  const exclude = step.op.kind === 'copy' ? step.op.exclude : [];
  return sources.map(({ source, wildcards }) => {
    // Excluding filters every path: a view that holds back some fingerprints (check's) must give them all.
    const found = view ? view.select(source, { wildcards, whole: exclude.length > 0 }) : { kind: 'not-found' as const, path: source };
    if (found.kind === 'not-found') throw new SourceNotFound(step, source);
    if (found.known && !exclude.length) return knownInput(source, found, found.known, name);
    const files = withoutExcluded(found.files, source, exclude);
    const text = files === found.files && found.text ? found.text : digestText(files);
    return { source, digest: hash(text.text), files, count: text.paths.length, ...(name === null ? {} : { context: name }) };
  });
}

/** The input of a selection whose digest the view knew: its files are asked of the view only when read (to record, to explain a miss). */
function knownInput(source: string, found: { readonly files: Fingerprints }, known: KnownDigest, name: string | null): FileInput {
  return {
    source,
    digest: known.digest,
    count: known.count,
    get files() {
      return found.files;
    },
    ...(name === null ? {} : { context: name }),
  };
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
  return hash(digestText(files).text);
}

/**
 * digestFiles' text of `files`. `names` (optional) lists its keys as they
 * were set (fingerprintMatches): when that is already string order, the
 * keys are not listed and sorted again.
 */
export function digestText(files: Fingerprints, names?: readonly string[]): DigestText {
  const given = names === undefined ? null : orderedLinesText(names, names.map((p) => files[p] as string));
  return given ?? sortedDigestText(files, sortedKeys(files));
}

/**
 * digestText(files) for a caller that holds its keys in strictly ascending
 * order already (it sorted them, or checked): they are not checked again.
 */
export function sortedDigestText(files: Fingerprints, sorted: readonly string[]): DigestText {
  return linesText(sorted, sorted.map((p) => files[p] as string));
}

/**
 * digestText(record of the list) without the record, when the list's paths
 * are in strictly ascending order (so no path comes twice), as a selection's
 * walk order nearly always is; else through the record. `ascending`: the
 * caller knows they are (context/sources' ascendingByWalk), so they are not
 * compared: comparing 20,000 walked paths (ropes, flattened by the compare)
 * was ~20 ms of a cold plan's `COPY . .`.
 */
export function listDigestText(paths: readonly string[], fingerprints: readonly string[], record: () => Fingerprints, ascending = false): DigestText {
  if (ascending) return linesText(paths, fingerprints);
  return orderedLinesText(paths, fingerprints) ?? digestText(record());
}

/**
 * linesText of paths that should be in strictly ascending order, checked
 * while the lines are made (one pass over the paths where a check and then
 * the lines took two); null when they are not.
 */
function orderedLinesText(paths: readonly string[], fingerprints: readonly string[]): DigestText | null {
  const lines = new Array<string>(paths.length);
  let before = '';
  for (let i = 0; i < paths.length; i++) {
    const p = paths[i] as string;
    if (i > 0 && before >= p) return null;
    lines[i] = `${p}\0${fingerprints[i] as string}`;
    before = p;
  }
  return joinLines(paths, lines);
}

/** The text of paths in string order, each with its fingerprint. */
function linesText(paths: readonly string[], fingerprints: readonly string[]): DigestText {
  const lines = new Array<string>(paths.length);
  for (let i = 0; i < paths.length; i++) lines[i] = `${paths[i] as string}\0${fingerprints[i] as string}`;
  return joinLines(paths, lines);
}

/** The digest text of these lines (one per path), with where each starts. */
function joinLines(paths: readonly string[], lines: readonly string[]): DigestText {
  const starts = new Int32Array(lines.length + 1);
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    starts[i] = at;
    at += (lines[i] as string).length + 1;
  }
  starts[lines.length] = at;
  return { paths, starts, text: lines.join('\n') };
}

/**
 * digestText(files) from `base`, the text of a selection with the same
 * paths, when `files` differs from it at most in the fingerprints of
 * `changed`: those lines are spliced in, O(changed · log n) plus the
 * splice. A changed path that `base` lacks means the precondition does not
 * hold: then the text is built anew.
 */
export function patchDigestText(base: DigestText, files: Fingerprints, changed: readonly string[]): DigestText {
  const at = [...new Set(changed.map((p) => indexOf(base.paths, p)))].sort((a, b) => a - b);
  if (at.length === 0) return base;
  if ((at[0] as number) < 0) return digestText(files);
  const starts = base.starts.slice();
  const pieces: string[] = [];
  let from = 0;
  let shift = 0;
  for (let k = 0; k < at.length; k++) {
    const i = at[k] as number;
    const p = base.paths[i] as string;
    const line = `${p}\0${files[p]}`;
    const oldStart = base.starts[i] as number;
    const oldEnd = (base.starts[i + 1] as number) - 1; // Without the '\n' that follows.
    pieces.push(base.text.slice(from, oldStart), line);
    from = oldEnd;
    const delta = line.length - (oldEnd - oldStart);
    const next = at[k + 1] ?? base.paths.length;
    shift += delta;
    for (let j = i + 1; j <= next; j++) starts[j] = (base.starts[j] as number) + shift;
  }
  pieces.push(base.text.slice(from));
  return { paths: base.paths, starts, text: pieces.join('') };
}

/** Position of `p` in sorted `paths`, or -1. */
function indexOf(paths: readonly string[], p: string): number {
  let lo = 0;
  let hi = paths.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const q = paths[mid] as string;
    if (q === p) return mid;
    if (q < p) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Each key after the one before it in string order (no repeats). */
export function isStrictlyAscending(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) >= (keys[i] as string)) return false;
  return true;
}

/**
 * The keys in string order. A selection comes in walk order, which is string
 * order except where a name continues with a character below '/', so the
 * keys are checked first and sorted only when needed: sorting 20,000 paths
 * that are already in order was ~10 ms of every plan of a `COPY . .`.
 */
function sortedKeys(files: Fingerprints): string[] {
  const keys = Object.keys(files);
  return isStrictlyAscending(keys) ? keys : keys.sort();
}

/** The same inputs with file and directory modes dropped from each fingerprint (`f:644:x` → `f::x`, `d:755` → `d`). */
export function withoutModes(inputs: readonly FileInput[], hash: HashFn): FileInput[] {
  return inputs.map((input) => {
    const files: Record<string, string> = {};
    for (const [p, f] of Object.entries(input.files)) files[p] = f.startsWith('f:') ? f.replace(/^f:[0-7]*:/, 'f::') : f.startsWith('d') ? 'd' : f;
    return { ...input, files, digest: digestFiles(files, hash) };
  });
}
