/**
 * Trees as git records them: path → mode and blob id, for the index
 * (`git ls-files -s`) or a revision (`git ls-tree -r`). Git has already
 * hashed every tracked file, so comparing two trees needs no file reads.
 */
import type { GitEntry, GitMode, GitTree } from './types.js';
import { agreesWithIndex, parseDiffIndex, revisionFromIndex } from './index-diff.js';
import { pathText, readIndexFile, type ObjectFormat } from './index-file.js';
import { IndexTree } from './index-tree.js';
import { openRepo, type Repo } from './repo.js';
import { runGit, runGitAsync, tryGit } from './run-git.js';

/** Git's modes: regular, executable, symlink, submodule (gitlink). */
export type { GitEntry, GitMode, GitTree };

export const EMPTY_TREE: GitTree = new Map();

/** The staged tree: what `git commit` would record now (unstaged edits do not count). */
export function readIndexTree(repoRoot: string): GitTree {
  return parseLsFiles(runGit(repoRoot, ['ls-files', '-s', '-z']).toString('utf8'));
}

/** An index file read before git named it (likelyIndexFile), kept only when git names the same file and format. */
export interface EarlyIndex {
  readonly file: string;
  readonly format: ObjectFormat;
  readonly read: IndexTree | null;
}

/**
 * The staged tree read from the index file itself (index-file.ts), the same
 * as readIndexTree without a git process; from ls-files when the file is
 * one that reader does not answer for, or git did not name the object format.
 */
export function readStagedTree(repo: Repo, early: EarlyIndex | null = null): GitTree {
  const read = repo.objectFormat === null ? null : early !== null && early.file === repo.indexFile && early.format === repo.objectFormat ? early.read : readIndexFile(repo.indexFile, repo.objectFormat);
  return read ?? readIndexTree(repo.root);
}

/** The same without blocking, so other git reads run beside it. */
export async function readIndexTreeAsync(repoRoot: string): Promise<GitTree> {
  return parseLsFiles((await runGitAsync(repoRoot, ['ls-files', '-s', '-z'])).toString('utf8'));
}

/** A revision's tree; EMPTY_TREE when it does not resolve (e.g. HEAD before the first commit). */
export function readRevTree(repoRoot: string, rev: string): GitTree | null {
  const tree = tryGit(repoRoot, ['rev-parse', '--verify', '-q', `${rev}^{tree}`]);
  if (tree === null) return null;
  return parseLsTree(runGit(repoRoot, ['ls-tree', '-r', '-z', '--full-tree', tree.toString('utf8').trim()]).toString('utf8'));
}

/** The index and a revision's tree (see readIndexAgainst). */
export async function readIndexAndRevTree(repoRoot: string, rev: string): Promise<[GitTree, GitTree | null]> {
  const { index, rev: revTree } = await readIndexAgainst(openRepo(repoRoot), rev);
  return [index, revTree];
}

/** The index, a revision's tree, and the paths whose entries differ between them. */
export interface IndexAgainstRev {
  readonly index: GitTree;
  /** null: the revision does not resolve. */
  readonly rev: GitTree | null;
  /** Repo-relative paths added, removed or changed; null when not known without comparing the trees. */
  readonly changed: ReadonlySet<string> | null;
}

/**
 * The index and a revision's tree, from `ls-files` and `diff-index --cached`
 * run side by side: the revision is the index with the differing paths put
 * back (see index-diff.ts), so no 20,000-path listing of it is read and
 * compared. When that does not apply (a path removed, a conflict, a
 * revision that does not resolve), the revision is listed with ls-tree.
 */
export async function readIndexAgainst(repo: Repo, rev: string, diff: Promise<Buffer | null> = diffIndex(repo.root, rev), early: EarlyIndex | null = null): Promise<IndexAgainstRev> {
  const repoRoot = repo.root;
  // Read while git diffs.
  const index = readStagedTree(repo, early);
  const diffed = await diff;
  const changes = diffed === null ? null : parseDiffIndex(diffed.toString('utf8'));
  if (changes === null || !agreesWithIndex(index, changes)) return { index, rev: readRevTree(repoRoot, rev), changed: null };
  const fromIndex = revisionFromIndex(index, changes);
  const revTree = fromIndex ?? parseLsTree((await runGitAsync(repoRoot, ['ls-tree', '-r', '-z', '--full-tree', `${rev}^{tree}`])).toString('utf8'));
  return { index, rev: revTree, changed: new Set(changes.map((c) => c.path)) };
}

/**
 * `git diff-index --cached` of the index against `rev`, started now, from
 * any folder of the work tree (plumbing prints paths from the top, whatever
 * diff.relative says), so it can run while git is asked where the
 * repository is; null when it fails.
 */
export function diffIndex(cwd: string, rev: string): Promise<Buffer | null> {
  if (rev.startsWith('-')) return Promise.resolve(null);
  return runGitAsync(cwd, ['diff-index', '--cached', '-z', '--raw', '--no-renames', '--ignore-submodules=none', `${rev}^{tree}`]).catch(() => null);
}

/** `<mode> <oid> <stage>\t<path>\0`; during a merge conflict, stage 2 ("ours") stands for the path. */
export function parseLsFiles(out: string): GitTree {
  return parseRecords(out, (at, tab) => {
    const first = out.indexOf(' ', at);
    const last = out.lastIndexOf(' ', tab - 1);
    const stage = last + 2 === tab ? out.charCodeAt(last + 1) : -1;
    return first > at && last > first && first < tab && (stage === ZERO || stage === TWO) ? entryOf(modeAt(out, at, first), out.slice(first + 1, last)) : null;
  });
}

/** `<mode> <type> <oid>\t<path>\0`. */
export function parseLsTree(out: string): GitTree {
  return parseRecords(out, (at, tab) => {
    const first = out.indexOf(' ', at);
    const last = out.lastIndexOf(' ', tab - 1);
    return first > at && last > first && first < tab ? entryOf(modeAt(out, at, first), out.slice(last + 1, tab)) : null;
  });
}

const ZERO = 0x30;
const TWO = 0x32;

/**
 * Walks `<fields>\t<path>\0` records by index, reading each record's fields
 * in place (`toEntry` gets where the record starts and where its tab is)
 * instead of splitting the output, then each record, into strings: with the
 * modes shared (modeAt), 20,000 records take a fraction of the time, mostly
 * less garbage, for each of the index and the revision.
 */
function parseRecords(out: string, toEntry: (at: number, tab: number) => GitEntry | null): GitTree {
  const tree = new Map<string, GitEntry>();
  const links: string[] = [];
  for (let at = 0; at < out.length; ) {
    const nul = out.indexOf('\0', at);
    const end = nul < 0 ? out.length : nul;
    const tab = out.indexOf('\t', at);
    const entry = tab >= 0 && tab < end ? toEntry(at, tab) : null;
    if (entry !== null) {
      const p = out.slice(tab + 1, end);
      tree.set(p, entry);
      if (entry.mode === '120000') links.push(p);
    }
    at = end + 1;
  }
  LINKS.set(tree, links);
  PATH_TEXTS.set(tree, pathText([...tree.keys()]));
  return tree;
}

/** Per tree read from git: its symlinks' paths, and its paths as one text (see pathsContaining). */
const LINKS = new WeakMap<GitTree, readonly string[]>();
const PATH_TEXTS = new WeakMap<GitTree, string>();

function textOf(tree: GitTree): string | undefined {
  return tree instanceof IndexTree ? tree.text : PATH_TEXTS.get(tree);
}

/** The paths of the tree's symlinks (noted while a listing is read; other trees are scanned once). */
export function linkPaths(tree: GitTree): readonly string[] {
  if (tree instanceof IndexTree) return tree.links;
  let known = LINKS.get(tree);
  if (known === undefined) {
    const found: string[] = [];
    for (const [p, e] of tree) if (e.mode === '120000') found.push(p);
    LINKS.set(tree, (known = found));
  }
  return known;
}

/** Whether some path of the tree lies under the folder `dir` (repo-relative, not ''): for a tree read from git, one search of its path text. */
export function hasPathUnder(tree: GitTree, dir: string): boolean {
  const prefix = `${dir}/`;
  const text = textOf(tree);
  if (text !== undefined) return text.includes(`\0${prefix}`);
  for (const p of tree.keys()) if (p.startsWith(prefix)) return true;
  return false;
}

/**
 * The tree's paths that contain one of `needles` (no NUL in them), in no
 * order. For a tree read from git, found by searching its path text (a
 * native substring search) instead of testing 20,000 paths one by one in
 * JS, which in a fresh process costs ~10 ms.
 */
export function pathsContaining(tree: GitTree, needles: readonly string[]): string[] {
  const text = textOf(tree);
  if (text === undefined) return [...tree.keys()].filter((p) => needles.some((n) => p.includes(n)));
  const out = new Set<string>();
  for (const needle of needles) {
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at)) {
      const start = text.lastIndexOf('\0', at) + 1;
      const end = text.indexOf('\0', at);
      out.add(text.slice(start, end));
      at = end;
    }
  }
  return [...out];
}

const MODES: readonly GitMode[] = ['100644', '100755', '120000', '160000'];

/** The mode at out[start, end) as a shared constant: 20,000 entries need not hold 20,000 copies of "100644". */
function modeAt(out: string, start: number, end: number): string {
  if (end - start === 6) for (const m of MODES) if (out.startsWith(m, start)) return m;
  return out.slice(start, end);
}

function entryOf(mode: string, oid: string): GitEntry | null {
  return mode && oid ? { mode: mode as GitMode, oid } : null;
}
