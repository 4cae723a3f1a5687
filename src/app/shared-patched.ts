/**
 * The index side of a recorded Dockerfile whose context the staged tree
 * changed, planned from CI's records instead of from every blob: each
 * source's selection is the one the shared build recorded, with the files
 * that differ between its commit and the index put in (the view memory
 * check's own index side uses, app/context-view.ts). So only the changed
 * blobs are hashed, and a 20,000-file `COPY . .` is not fingerprinted again.
 *
 * Why the answer is the full derivation's: the build's `git` note was clean
 * (CI's context was its commit's tree under the context folder, nothing
 * more), and `git diff-index --cached <commit>` lists every path whose blob
 * or mode moved since. Where that list, under the context and for the ignore
 * files, holds only regular files edited in place, the index has the same
 * paths under the same ignore rules, so each source resolves as it did and
 * selects the same entries; an entry not listed has the blob CI hashed. Each
 * recorded selection is also checked against the commit's tree before it
 * is used (the index's entries, the edited ones with the modes the commit
 * gave them): the same names, each with the same type and mode (a CI
 * checkout with another umask, an `--exclude` recorded, a stale record fall
 * back), and no name more (its digest text hashes to the recorded digest).
 * Such a check depends on the commit and the recorded selection only, so
 * one that held is remembered (git/records-checked.ts) and the next run
 * plans from it without reading the context (app/shared-checked.ts).
 * Anything else (no note, a commit this clone lacks, an added, removed or
 * retyped path, a changed ignore file, a source no record answers) is
 * planned in full by the caller.
 */
import path from 'node:path';
import { fingerprint, forEachSelected, namedPath, resolveSources, type FingerprintOptions, type SourceMatch } from '../context/sources.js';
import type { ContextEntry, ContextSnapshot } from '../context/types.js';
import type { IndexChange } from '../git/index-diff.js';
import { checkKey } from '../git/records-checked.js';
import { digestText, isStrictlyAscending, sortedDigestText, type Builder, type Fingerprints, type HashFn } from '../key/index.js';
import { hasGoMeta } from '../lang/go-path.js';
import type { Target } from '../project/discover.js';
import type { RunRecord } from '../store/types.js';
import { answerId, type ViewAnswer, type ViewAnswers, type ViewMemory } from './context-view.js';

/** A shared build to patch from, and what the index changed since its commit. */
export interface PatchBase {
  readonly run: RunRecord;
  /** The changes under the context folder, each a regular file edited in place. */
  readonly changes: readonly IndexChange[];
}

const REGULAR = new Set(['100644', '100755']);

/**
 * The newest clean build of `target` by `builder` from the same context
 * folder whose commit this clone has, when the index changed nothing under
 * the context but file contents and modes, and none of `ignoreFiles` (the
 * ignore-file candidates, repo-relative). `runs`: this Dockerfile's builds,
 * oldest first, absolute paths.
 */
export function patchBase(target: Target, root: string, runs: readonly RunRecord[], builder: Builder, ignoreFiles: readonly string[], changedSince: (commit: string) => readonly IndexChange[] | null): PatchBase | null {
  const context = path.join(root, target.context);
  const run = runs.filter((r) => r.builder === builder && r.context === context && r.git?.clean && changedSince(r.git.commit) !== null).pop();
  const changed = run?.git ? changedSince(run.git.commit) : null;
  if (!run || !changed) return null;
  const prefix = target.context === '' || target.context === '.' ? '' : `${target.context}/`;
  const ignore = new Set(ignoreFiles);
  const changes: IndexChange[] = [];
  for (const c of changed) {
    if (ignore.has(c.path)) return null;
    if (!c.path.startsWith(prefix)) continue;
    if (c.status !== 'M' || !REGULAR.has(c.before?.mode ?? '') || !REGULAR.has(c.after?.mode ?? '')) return null;
    changes.push(c);
  }
  return { run, changes };
}

/** Each clean build that is the newest of its Dockerfile, context folder and builder (the likely patch bases). */
export function newestClean(runs: readonly RunRecord[]): RunRecord[] {
  const newest = new Map<string, RunRecord>();
  for (const r of runs) if (r.git?.clean) newest.set(`${r.dockerfile}\0${r.context}\0${r.builder}`, r);
  return [...newest.values()];
}

/** The blob ids the patch needs digests of: the changed files as the index has them. */
export function patchBlobs(base: PatchBase): string[] {
  return base.changes.flatMap((c) => (c.after ? [c.after.oid] : []));
}

/** What planSide needs to answer from the records; `fresh` collects any source the records did not answer. */
export interface PatchedMemory extends ViewMemory {
  readonly fresh: ViewAnswers;
  /** The checks of recorded selections that held (checkKey → the source's matches), to remember. */
  readonly held: ReadonlyMap<string, readonly SourceMatch[]>;
}

/** What any patch of a target from its shared build reads. */
export interface PatchSources {
  readonly base: PatchBase;
  readonly target: Target;
  readonly builder: Builder;
  /** Blob id → XXH64 for the changed blobs. */
  readonly digests: ReadonlyMap<string, string>;
  /** The shared store's selections by digest. */
  readonly selection: (digest: string) => Fingerprints | null;
}

export interface PatchInputs extends PatchSources {
  /** The index side's snapshot: blob ids as digests (only resolution and entry types are read). */
  readonly snapshot: ContextSnapshot;
  readonly hash: HashFn;
}

/** The view memory for the index side, or null when a changed file has no digest (then plan in full). */
export function patchedMemory(p: PatchInputs): PatchedMemory | null {
  const changed = changedEntries(p);
  if (changed === null) return null;
  const opts: FingerprintOptions = { dirModes: p.builder !== 'buildkit' };
  const answers: ViewAnswers = new Map();
  const held = new Map<string, readonly SourceMatch[]>();
  const edited = committedModes(p);
  const about = { commit: p.base.run.git?.commit ?? '', context: contextDir(p.target), dockerfile: p.target.dockerfile, builder: p.builder };
  for (const [source, digest] of recordedSources(p.base.run)) {
    const files = p.selection(digest);
    if (!files) continue;
    const check: Recorded = { files, digest, edited, opts };
    const hold = (wildcards: boolean, a: ViewAnswer | null): ViewAnswer | null => {
      if (a?.kind === 'selected') held.set(checkKey({ ...about, source, wildcards, digest }), a.matches);
      return a;
    };
    // Without wildcard characters both resolutions agree; with them, only COPY (wildcards on) is answered.
    const literal = hasGoMeta(source) ? null : hold(false, checkedAnswer(p.snapshot, source, false, check, p));
    if (literal) answers.set(answerId(p.builder, source, false), hold(true, literal) as ViewAnswer);
    const wild = literal ?? hold(true, checkedAnswer(p.snapshot, source, true, check, p));
    if (wild) answers.set(answerId(p.builder, source, true), wild);
  }
  const fresh: ViewAnswers = new Map();
  return { reuse: { answers, changed }, remember: fresh, fresh, held };
}

/** The context folder as checks name it: '' for the repository root. */
export function contextDir(target: Target): string {
  return target.context === '.' ? '' : target.context;
}

/** Context path → the mode the commit gave it, for the edited files. */
function committedModes(p: PatchInputs): Map<string, number> {
  const prefix = contextDir(p.target) === '' ? '' : `${p.target.context}/`;
  return new Map(p.base.changes.map((c) => [c.path.slice(prefix.length), c.before?.mode === '100755' ? 0o755 : 0o644]));
}

/** The index's entries for the changed paths, with their blobs' XXH64; those the ignore file leaves out are skipped. */
function changedEntries(p: PatchInputs): ContextEntry[] | null {
  const prefix = p.target.context === '' || p.target.context === '.' ? '' : `${p.target.context}/`;
  const out: ContextEntry[] = [];
  for (const c of p.base.changes) {
    const entry = p.snapshot.entries.get(c.path.slice(prefix.length));
    if (entry === undefined) continue;
    const digest = p.digests.get(entry.digest);
    if (entry.type !== 'file' || digest === undefined) return null;
    out.push({ ...entry, digest });
  }
  return out;
}

/**
 * Source → selection digest of the build's steps that read the build
 * context. A step with `--from` read a named context, whose files the index
 * does not hold; a source recorded with two digests is left out.
 */
export function recordedSources(run: RunRecord): Map<string, string> {
  const out = new Map<string, string>();
  const mixed = new Set<string>();
  for (const step of run.steps) {
    if (/--from[=\s]/i.test(step.instruction)) continue;
    for (const f of step.files) {
      if (out.has(f.source) && out.get(f.source) !== f.digest) mixed.add(f.source);
      out.set(f.source, f.digest);
    }
  }
  for (const s of mixed) out.delete(s);
  return out;
}

/** A recorded selection to check, and the entries (context paths) the patch replaces with the modes the commit gave them. */
interface Recorded {
  readonly files: Fingerprints;
  readonly digest: string;
  readonly edited: ReadonlyMap<string, number>;
  readonly opts: FingerprintOptions;
}

/**
 * The recorded selection as the view's answer for `source`, when it holds
 * exactly the names the index side selects, each with the type and mode the
 * commit's tree gives it (the index's, but for the files the patch
 * replaces: the modes they had) (the digest text of those names hashing to
 * the recorded digest shows it has no name more); null otherwise.
 */
function checkedAnswer(snapshot: ContextSnapshot, source: string, wildcards: boolean, r: Recorded, p: PatchInputs): ViewAnswer | null {
  const { files, digest, edited, opts } = r;
  const found = resolveSources(snapshot, source, { allowWildcards: wildcards });
  if (found.kind !== 'ok' || (found.matches.length === 0 && p.builder === 'buildah')) return null;
  const order: string[] = [];
  let same = true;
  forEachSelected(snapshot, found.matches, (from, rel, entry) => {
    if (!same) return;
    const name = namedPath(from, rel);
    const recorded = files[name];
    const committed = edited.get(entry.path);
    same = typeof recorded === 'string' && sameShape(recorded, committed === undefined ? entry : { ...entry, mode: committed }, opts);
    order.push(name);
  });
  if (!same) return null;
  // The text of the names selected here, in string order (not of every recorded name: it would hash to the
  // digest even with a name more). Sorted or checked here, so not checked again (but for repeats, which fall back).
  const sorted = isStrictlyAscending(order) ? order : [...order].sort();
  const text = sorted === order || isStrictlyAscending(sorted) ? sortedDigestText(files, sorted) : digestText(files);
  return p.hash(text.text) === digest ? { kind: 'selected', matches: found.matches, files, order, text } : null;
}

/** The recorded fingerprint has the entry's type and mode (and, but for a file's content digest, all of it). */
function sameShape(recorded: string, entry: ContextEntry, opts: FingerprintOptions): boolean {
  if (entry.type !== 'file') return recorded === fingerprint(entry, opts);
  const head = fileHead(entry.mode, opts);
  return recorded.length > head.length && recorded.startsWith(head);
}

const FILE_HEADS = new Map<number, string>();

/** A file's fingerprint up to its content digest (`f:644:`), one string per mode rather than two per entry. */
function fileHead(mode: number, opts: FingerprintOptions): string {
  let head = FILE_HEADS.get(mode);
  if (head === undefined) {
    head = fingerprint({ path: '', type: 'file', mode, size: 0, digest: '' }, opts);
    FILE_HEADS.set(mode, head);
  }
  return head;
}
