/**
 * Trees as git records them: path → mode and blob id, for the index
 * (`git ls-files -s`) or a revision (`git ls-tree -r`). Git has already
 * hashed every tracked file, so comparing two trees needs no file reads.
 */
import { runGit, runGitAsync, tryGit } from './run-git.js';

/** Git's modes: regular, executable, symlink, submodule (gitlink). */
export type GitMode = '100644' | '100755' | '120000' | '160000';

export interface GitEntry {
  readonly mode: GitMode;
  /** The blob (or, for a submodule, commit) id. */
  readonly oid: string;
}

/** Repo-relative POSIX path → entry. */
export type GitTree = ReadonlyMap<string, GitEntry>;

export const EMPTY_TREE: GitTree = new Map();

/** The staged tree: what `git commit` would record now (unstaged edits do not count). */
export function readIndexTree(repoRoot: string): GitTree {
  return parseLsFiles(runGit(repoRoot, ['ls-files', '-s', '-z']).toString('utf8'));
}

/** A revision's tree; EMPTY_TREE when it does not resolve (e.g. HEAD before the first commit). */
export function readRevTree(repoRoot: string, rev: string): GitTree | null {
  const tree = tryGit(repoRoot, ['rev-parse', '--verify', '-q', `${rev}^{tree}`]);
  if (tree === null) return null;
  return parseLsTree(runGit(repoRoot, ['ls-tree', '-r', '-z', '--full-tree', tree.toString('utf8').trim()]).toString('utf8'));
}

/** The index and a revision's tree, read side by side (two git processes at once). */
export async function readIndexAndRevTree(repoRoot: string, rev: string): Promise<[GitTree, GitTree | null]> {
  const tree = tryGit(repoRoot, ['rev-parse', '--verify', '-q', `${rev}^{tree}`]);
  const [index, revTree] = await Promise.all([
    runGitAsync(repoRoot, ['ls-files', '-s', '-z']),
    tree === null ? null : runGitAsync(repoRoot, ['ls-tree', '-r', '-z', '--full-tree', tree.toString('utf8').trim()]),
  ]);
  return [parseLsFiles(index.toString('utf8')), revTree === null ? null : parseLsTree(revTree.toString('utf8'))];
}

/** `<mode> <oid> <stage>\t<path>\0`; during a merge conflict, stage 2 ("ours") stands for the path. */
export function parseLsFiles(out: string): GitTree {
  const tree = new Map<string, GitEntry>();
  for (const record of out.split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode, oid, stage] = record.slice(0, tab).split(' ');
    if (!mode || !oid || (stage !== '0' && stage !== '2')) continue;
    tree.set(record.slice(tab + 1), { mode: mode as GitMode, oid });
  }
  return tree;
}

/** `<mode> <type> <oid>\t<path>\0`. */
export function parseLsTree(out: string): GitTree {
  const tree = new Map<string, GitEntry>();
  for (const record of out.split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode, , oid] = record.slice(0, tab).split(' ');
    if (!mode || !oid) continue;
    tree.set(record.slice(tab + 1), { mode: mode as GitMode, oid });
  }
  return tree;
}
