/**
 * What a build was built from, in git's terms, so a reader of the shared
 * records can tell without hashing a file that a Dockerfile's inputs are
 * the ones CI built: the commit checked out, whether the context differed
 * from it, and the git ids of the context folder (a tree id covers every
 * file below it), the Dockerfile and its ignore files. Taken when the build
 * is recorded (`build --exec`, `timings`), not when it is pushed: the work
 * tree may have moved on by then.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { canSkipExcludedDir, ignoreFileCandidates, isExcluded, NO_RULES, parseIgnoreFile, type IgnoreCandidate, type IgnoreDialect, type IgnoreRules } from '../ignore/dockerignore.js';
import type { GitBuilt } from '../store/types.js';
import type { GitTree } from './types.js';
import { parseDiffIndex, type IndexChange } from './index-diff.js';
import { runGit, runGitAsync, tryGit } from './run-git.js';

export type { GitBuilt } from '../store/types.js';

/** The git state of a build of `contextDir` with `dockerfile` by `builder` (whose ignore files apply), or null outside a repository. */
export function gitOfBuild(contextDir: string, dockerfile: string, builder: IgnoreDialect): GitBuilt | null {
  const candidates = ignoreFileCandidates(contextDir, dockerfile, builder);
  const noted = builtFrom(contextDir, dockerfile, candidates.filter((c) => !c.inContext).map((c) => c.file));
  return noted?.clean && sendsUntracked(contextDir, candidates, builder) ? { ...noted, clean: false, contextTree: null, files: {} } : noted;
}

/**
 * Whether the builder is sent something no tree id covers: the context's
 * .git folder (it changes with every commit), or a gitignored file (build
 * output, an installed node_modules) that the ignore file (the first
 * candidate that exists) does not leave out. git status leaves both out,
 * the builder does not.
 */
function sendsUntracked(contextDir: string, candidates: readonly IgnoreCandidate[], builder: IgnoreDialect): boolean {
  const file = candidates.find((c) => statSync(c.file, { throwIfNoEntry: false })?.isFile());
  let rules: IgnoreRules = NO_RULES;
  try {
    if (file) rules = parseIgnoreFile(readFileSync(file.file, 'utf8'), builder);
  } catch {
    return true;
  }
  // Whole ignored folders come as `dir/`: sent unless excluded with no `!` rule reaching inside.
  const sent = (rel: string): boolean => (rel.endsWith('/') ? !(isExcluded(rules, rel.slice(0, -1)) && canSkipExcludedDir(rules, rel.slice(0, -1))) : !isExcluded(rules, rel));
  if (existsSync(path.join(contextDir, '.git')) && ['.git/HEAD', '.git/index', '.git/config'].some(sent)) return true;
  const ignored = tryGit(contextDir, ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory', '--', '.']);
  if (ignored === null) return true;
  return ignored.toString('utf8').split('\0').some((rel) => rel !== '' && sent(rel));
}

/**
 * The git state of a build of `contextDir` with `dockerfile` (absolute paths), or null outside a repository
 * or before its first commit. `files`: the Dockerfile and the ignore-file candidates that lie outside the
 * context (those inside are covered by its tree id).
 */
export function builtFrom(contextDir: string, dockerfile: string, ignoreCandidates: readonly string[]): GitBuilt | null {
  const top = tryGit(contextDir, ['rev-parse', '--show-toplevel', '--verify', '-q', 'HEAD'])?.toString('utf8').trim().split('\n');
  const [root, commit] = top ?? [];
  if (!root || !commit) return null;
  const rel = (p: string): string | null => {
    const r = path.relative(root, p).split(path.sep).join('/');
    return r.startsWith('..') || path.isAbsolute(r) ? null : r;
  };
  const context = rel(contextDir);
  const files = [dockerfile, ...ignoreCandidates].map(rel);
  if (context === null || files.some((f) => f === null)) return { commit, clean: false, contextTree: null, files: {} };
  const paths = [context === '' ? '.' : context, ...(files as string[])];
  // Untracked files count (the builder sends them); gitignored ones do not (see docs/shared-records.md).
  const status = tryGit(root, ['status', '--porcelain', '-z', '--untracked-files=all', '--', ...paths]);
  if (status === null || status.length > 0) return { commit, clean: false, contextTree: null, files: {} };
  const ids = objectIds(root, commit, [context, ...(files as string[])]);
  return { commit, clean: true, contextTree: ids[0] ?? null, files: Object.fromEntries((files as string[]).map((f, i) => [f, ids[i + 1] ?? null])) };
}

/** The object id of each path at `commit` ('' = its root tree), null where it has none; one `git cat-file`. */
function objectIds(root: string, commit: string, paths: readonly string[]): (string | null)[] {
  let out: string[];
  try {
    out = runGit(root, ['cat-file', '--batch-check=%(objectname)'], `${paths.map((p) => `${commit}:${p}`).join('\n')}\n`).toString('utf8').split('\n');
  } catch {
    return paths.map(() => null);
  }
  // A path it lacks is answered "<commit>:<path> missing".
  return paths.map((_, i) => (/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(out[i] ?? '') ? out[i]! : null));
}

/**
 * What the index has changed since each commit (paths added, removed, or
 * with another blob or mode, as `git diff-index --cached --raw` gives them:
 * both sides' modes and blob ids), all at once and without blocking; null
 * for a commit this clone does not have (a shallow clone, a commit never
 * fetched). Git skips the folders its index knows unchanged (the cache
 * tree), so this costs a few ms on 20,000 paths.
 */
export async function changedSince(repoRoot: string, commits: Iterable<string>): Promise<Map<string, readonly IndexChange[] | null>> {
  const unique = [...new Set(commits)];
  const diffs = await Promise.all(unique.map((c) => runGitAsync(repoRoot, ['diff-index', '--cached', '-z', '--raw', '--no-renames', '--ignore-submodules=none', `${c}^{commit}`, '--']).catch(() => null)));
  return new Map(unique.map((c, i) => {
    const out = diffs[i];
    return [c, out ? parseDiffIndex(out.toString('utf8')) : null];
  }));
}

/**
 * The ids git gives the folders of the staged tree: what `git write-tree`
 * would write for each, computed from the index entries without writing
 * objects (a pre-commit hook holds the index lock). Git sorts the index as
 * trees sort their entries, so one pass in index order closes each folder
 * after its last entry; its entries are written into one scratch buffer,
 * where a closed folder's bytes give way to its entry in the parent.
 * folder ('' = the root) → id; sha1, or sha256 for a repository whose ids
 * are 64 hex digits. Empty when the index is not in git's order.
 */
export function treeIds(index: GitTree): ReadonlyMap<string, string> {
  const ids = new Map<string, string>();
  const scratch = new Scratch();
  const open: { dir: string; name: string; start: number }[] = [{ dir: '', name: '', start: 0 }];
  let algorithm: 'sha1' | 'sha256' = 'sha1';
  let at = ''; // the innermost open folder with a trailing '/' ('' at the root)
  let previous = '';
  const close = (): void => {
    const done = open.pop()!;
    const id = objectId(algorithm, scratch.bytes(done.start));
    ids.set(done.dir, id);
    scratch.rewind(done.start);
    scratch.entry('40000', done.name, id);
    at = at.slice(0, at.length - done.name.length - 1);
  };
  for (const [p, e] of index) {
    if (p <= previous && previous !== '') return new Map();
    previous = p;
    if (e.oid.length === 64) algorithm = 'sha256';
    while (!p.startsWith(at)) close();
    for (let slash = p.indexOf('/', at.length); slash >= 0; slash = p.indexOf('/', slash + 1)) {
      open.push({ dir: p.slice(0, slash), name: p.slice(at.length, slash), start: scratch.length });
      at = p.slice(0, slash + 1);
    }
    scratch.entry(e.mode, p.slice(at.length), e.oid);
  }
  while (open.length > 1) close();
  ids.set('', objectId(algorithm, scratch.bytes(0)));
  return ids;
}

/** Hex digit (by char code) → its value. */
const HEX = (() => {
  const t = new Uint8Array(128);
  for (let i = 0; i < 16; i++) t['0123456789abcdef'.charCodeAt(i)] = i;
  return t;
})();

/** The bytes of tree entries (`<mode> <name>\0<binary id>`), grown as needed. */
class Scratch {
  private buf = Buffer.allocUnsafe(1 << 20);
  length = 0;
  /** Byte by byte: Buffer#write costs a native call each, 60,000 of them on 20,000 entries (~50 ms instead of ~5). */
  entry(mode: string, name: string, oid: string): void {
    this.reserve(mode.length + 2 + name.length * 3 + oid.length / 2);
    const buf = this.buf;
    let at = this.length;
    for (let i = 0; i < mode.length; i++) buf[at++] = mode.charCodeAt(i);
    buf[at++] = 0x20;
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      if (c >= 0x80) {
        at += buf.write(name.slice(i), at, 'utf8');
        break;
      }
      buf[at++] = c;
    }
    buf[at++] = 0;
    for (let i = 0; i < oid.length; i += 2) buf[at++] = (HEX[oid.charCodeAt(i)]! << 4) | HEX[oid.charCodeAt(i + 1)]!;
    this.length = at;
  }
  bytes(start: number): Buffer {
    return this.buf.subarray(start, this.length);
  }
  rewind(to: number): void {
    this.length = to;
  }
  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }
}

function objectId(algorithm: 'sha1' | 'sha256', body: Buffer): string {
  return createHash(algorithm).update(`tree ${body.length}\0`).update(body).digest('hex');
}
