/**
 * One side of a comparison (the index, or a revision) for one Dockerfile:
 * its text, the ignore file that applies, and the context snapshot, all
 * read from git objects, never from the working tree.
 */
import { join, posix } from 'node:path';
import { IgnoreFileError } from '../context/errors.js';
import { ignoreFileCandidates, IgnoreSyntaxError, NO_RULES, parseIgnoreFile, type IgnoreRules } from '../ignore/dockerignore.js';
import type { ContextSnapshot } from '../context/types.js';
import type { Builder } from '../key/index.js';
import { readBlobsAt, type BlobAt } from './blobs.js';
import { toRepoPath } from '../project/config.js';
import type { Target } from '../project/discover.js';
import { followLinksTo } from './follow-link.js';
import { linkPaths, type GitEntry, type GitTree } from './tree.js';
import { contextFromTree, patchContext, type TreeContextOptions } from './tree-context.js';

export interface Side {
  /** null: the Dockerfile is not in this tree. */
  readonly text: string | null;
  readonly snapshot: ContextSnapshot;
  readonly ignore: IgnoreRules;
  /** Repo-relative ignore file, or null. */
  readonly ignoreFile: string | null;
  /**
   * Set when the snapshot is `base` (the other side's) with the entries at
   * `paths` (context paths) replaced, each a regular file on both sides: key
   * derivation may then restrict both sides to them (context/restricted.ts).
   */
  readonly patchOf?: { readonly base: ContextSnapshot; readonly paths: readonly string[] };
}

/** Repo-relative ignore-file candidates, best first (the builder's own order). */
export function ignoreCandidates(repoRoot: string, target: Target, builder: Builder): string[] {
  const ctxAbs = join(repoRoot, target.context);
  return ignoreFileCandidates(ctxAbs, join(repoRoot, target.dockerfile), builder).map((c) => toRepoPath(c.file, repoRoot));
}

export function readSide(repoRoot: string, tree: GitTree, target: Target, builder: Builder): Side {
  const { wanted, text } = readWanted(repoRoot, [tree], target, builder);
  return sideOf(repoRoot, tree, target, builder, wanted[0] as WantedBlobs, text, null);
}

/**
 * The target in a revision and in the index, with one `git cat-file` for
 * both. `changed` (repo-relative paths whose entries differ between the two
 * trees) lets one side be made from the other's snapshot when the change
 * only edits files under an unchanged ignore file (see patchContext). The
 * index side is the one walked: a revision read from the index is a view
 * of it (tree.ts), slower to iterate than the index's own map.
 */
export function readBaseAndIndex(repoRoot: string, base: GitTree, index: GitTree, changed: ReadonlySet<string>, target: Target, builder: Builder): [Side, Side] {
  const { wanted, text } = readWanted(repoRoot, [base, index], target, builder, { index, changed });
  const [w0, w1] = wanted as [WantedBlobs, WantedBlobs];
  const after = sideOf(repoRoot, index, target, builder, w1, text, null);
  const sameIgnore = w0.ignoreFile?.path === w1.ignoreFile?.path && w0.ignoreFile?.oid === w1.ignoreFile?.oid;
  let paths: readonly string[] | null = null;
  const patch = (opts: TreeContextOptions): ContextSnapshot | null => {
    const patched = sameIgnore ? patchContext(after.snapshot, index, base, changed, opts) : null;
    paths = patched?.fileChanges?.map((e) => e.path) ?? null;
    return patched?.snapshot ?? null;
  };
  const before = sideOf(repoRoot, base, target, builder, w0, text, patch);
  return [before, paths === null ? after : { ...after, patchOf: { base: before.snapshot, paths } }];
}

type BlobText = (oid: string | undefined) => string | null;

/**
 * What each tree needs from cat-file, read in one run. `diff`: the index and
 * the paths in which every other tree differs from it, so that their
 * symlinks are the index's with those paths looked at again.
 */
function readWanted(repoRoot: string, trees: readonly GitTree[], target: Target, builder: Builder, diff: { index: GitTree; changed: ReadonlySet<string> } | null = null): { wanted: WantedBlobs[]; text: BlobText } {
  const candidates = ignoreCandidates(repoRoot, target, builder);
  const wanted = trees.map((tree) => wantedBlobs(repoRoot, tree, target, candidates, linksOf(tree, diff)));
  const blobs = readBlobsAt(repoRoot, wanted.flatMap((w) => [...w.links, ...(w.dockerfile ? [w.dockerfile] : []), ...(w.ignoreFile ? [w.ignoreFile] : [])]));
  return { wanted, text: (oid) => (oid === undefined ? null : blobs.get(oid)?.toString('utf8') ?? null) };
}

/** The symlinks' paths in `tree`: the index's as git listed them; another tree's from those and the paths that differ. */
function linksOf(tree: GitTree, diff: { index: GitTree; changed: ReadonlySet<string> } | null): readonly string[] {
  if (diff === null || tree === diff.index) return linkPaths(tree);
  const { index, changed } = diff;
  return [...linkPaths(index).filter((p) => !changed.has(p)), ...[...changed].filter((p) => tree.get(p)?.mode === '120000')];
}

/** One side; `patch` may give the snapshot without walking the tree. */
function sideOf(repoRoot: string, tree: GitTree, target: Target, builder: Builder, w: WantedBlobs, text: BlobText, patch: ((opts: TreeContextOptions) => ContextSnapshot | null) | null): Side {
  const ignore = w.ignoreFile ? parseIgnore(text(w.ignoreFile.oid) ?? '', w.ignoreFile.path, builder) : NO_RULES;
  const opts: TreeContextOptions = {
    root: join(repoRoot, target.context),
    dir: target.context,
    ignore,
    ignoreFile: w.ignoreFile === null ? null : displayIgnore(w.ignoreFile.path, target.context),
    linkTargets: new Map(w.links.map((l) => [l.oid, text(l.oid) ?? ''])),
  };
  const snapshot = patch?.(opts) ?? contextFromTree(tree, opts);
  return { text: text(w.dockerfile?.oid), snapshot, ignore, ignoreFile: w.ignoreFile?.path ?? null };
}

interface WantedBlobs {
  /** The symlinks in the context (their content is the target). */
  readonly links: readonly BlobAt[];
  /** The Dockerfile, through its symlinks. */
  readonly dockerfile: BlobAt | null;
  readonly ignoreFile: BlobAt | null;
}

function wantedBlobs(repoRoot: string, tree: GitTree, target: Target, ignoreCandidates: readonly string[], linkPathsOfTree: readonly string[]): WantedBlobs {
  const prefix = target.context === '' ? '' : `${target.context}/`;
  const links = linkPathsOfTree.flatMap((p) => (p.startsWith(prefix) ? [{ oid: tree.get(p)?.oid ?? '', path: p, mode: '120000' as const }] : []));
  const found = followLinksTo(tree, target.dockerfile, (oid, at) => readBlobsAt(repoRoot, [{ oid, path: at, mode: '120000' }]).get(oid)?.toString('utf8') ?? '');
  const dockerfile = found === null ? null : { ...found.entry, path: found.path };
  const ignorePath = ignoreCandidates.find((p) => tree.get(p)?.mode.startsWith('100'));
  const ignore = ignorePath === undefined ? undefined : tree.get(ignorePath);
  return { links, dockerfile, ignoreFile: ignorePath !== undefined && ignore !== undefined ? { ...ignore, path: ignorePath } : null };
}

/**
 * As ContextSnapshot.ignoreFile, relative to the context; one beside a
 * Dockerfile outside the context gets `../`, so joining it to the context
 * (as `layerplan fix` does to append lines) still names the file.
 */
function displayIgnore(file: string, context: string): string {
  return posix.relative(context, file);
}

function parseIgnore(text: string, file: string, builder: Builder): IgnoreRules {
  try {
    return parseIgnoreFile(text, builder);
  } catch (err) {
    if (err instanceof IgnoreSyntaxError) throw new IgnoreFileError(file, err);
    throw err;
  }
}
