/**
 * One side of a comparison (the index, or a revision) for one Dockerfile:
 * its text, the ignore file that applies, and the context snapshot, all
 * read from git objects, never from the working tree.
 */
import path from 'node:path';
import { IgnoreFileError } from '../context/errors.js';
import { ignoreFileCandidates, IgnoreSyntaxError, NO_RULES, parseIgnoreFile, type IgnoreRules } from '../ignore/dockerignore.js';
import type { ContextEntry, ContextSnapshot } from '../context/types.js';
import type { Builder } from '../key/index.js';
import { readBlobs } from './blobs.js';
import { toRepoPath } from '../project/config.js';
import type { Target } from '../project/discover.js';
import { followLinks } from './follow-link.js';
import type { GitEntry, GitTree } from './tree.js';
import { contextFromTree, patchContext, pathsUnder, type TreeContextOptions } from './tree-context.js';

export interface Side {
  /** null: the Dockerfile is not in this tree. */
  readonly text: string | null;
  readonly snapshot: ContextSnapshot;
  readonly ignore: IgnoreRules;
  /** Repo-relative ignore file, or null. */
  readonly ignoreFile: string | null;
  /**
   * Set when the snapshot is `base` (the other side's) with the entries
   * `changed` replaced, each a regular file on both sides: key derivation
   * may then answer from the other side's selections (app/context-view.ts).
   */
  readonly patchOf?: { readonly base: ContextSnapshot; readonly changed: readonly ContextEntry[] };
}

/** Repo-relative ignore-file candidates, best first (the builder's own order). */
export function ignoreCandidates(repoRoot: string, target: Target, builder: Builder): string[] {
  const ctxAbs = path.join(repoRoot, target.context);
  return ignoreFileCandidates(ctxAbs, path.join(repoRoot, target.dockerfile), builder).map((c) => toRepoPath(c.file, repoRoot));
}

export function readSide(repoRoot: string, tree: GitTree, target: Target, builder: Builder): Side {
  const { wanted, text } = readWanted(repoRoot, [tree], target, builder);
  return sideOf(repoRoot, tree, target, builder, wanted[0] as WantedBlobs, text, null);
}

/**
 * The target in a revision and in the index, with one `git cat-file` for
 * both. `changed` (repo-relative paths whose entries differ between the two
 * trees) lets the index side reuse the revision's snapshot when the change
 * only edits files under an unchanged ignore file (see patchContext).
 */
export function readBaseAndIndex(repoRoot: string, base: GitTree, index: GitTree, changed: ReadonlySet<string>, target: Target, builder: Builder): [Side, Side] {
  const { wanted, text } = readWanted(repoRoot, [base, index], target, builder);
  const [w0, w1] = wanted as [WantedBlobs, WantedBlobs];
  const before = sideOf(repoRoot, base, target, builder, w0, text, null);
  const sameIgnore = w0.ignoreFile?.path === w1.ignoreFile?.path && w0.ignoreFile?.oid === w1.ignoreFile?.oid;
  const patch = (opts: TreeContextOptions): SnapshotMade | null => {
    const patched = sameIgnore ? patchContext(before.snapshot, base, index, changed, opts) : null;
    if (patched === null) return null;
    return patched.fileChanges ? { snapshot: patched.snapshot, patchOf: { base: before.snapshot, changed: patched.fileChanges } } : { snapshot: patched.snapshot };
  };
  return [before, sideOf(repoRoot, index, target, builder, w1, text, patch)];
}

type BlobText = (oid: string | undefined) => string | null;

type SnapshotMade = Pick<Side, 'snapshot' | 'patchOf'>;

/** What each tree needs from cat-file, read in one run. */
function readWanted(repoRoot: string, trees: readonly GitTree[], target: Target, builder: Builder): { wanted: WantedBlobs[]; text: BlobText } {
  const candidates = ignoreCandidates(repoRoot, target, builder);
  const wanted = trees.map((tree) => wantedBlobs(repoRoot, tree, target, candidates));
  const blobs = readBlobs(repoRoot, wanted.flatMap((w) => [...w.links, ...(w.dockerfile ? [w.dockerfile.oid] : []), ...(w.ignoreFile ? [w.ignoreFile.oid] : [])]));
  return { wanted, text: (oid) => (oid === undefined ? null : blobs.get(oid)?.toString('utf8') ?? null) };
}

/** One side; `patch` may give the snapshot without walking the tree. */
function sideOf(repoRoot: string, tree: GitTree, target: Target, builder: Builder, w: WantedBlobs, text: BlobText, patch: ((opts: TreeContextOptions) => SnapshotMade | null) | null): Side {
  const ignore = w.ignoreFile ? parseIgnore(text(w.ignoreFile.oid) ?? '', w.ignoreFile.path, builder) : NO_RULES;
  const opts: TreeContextOptions = {
    root: path.join(repoRoot, target.context),
    dir: target.context,
    ignore,
    ignoreFile: w.ignoreFile === null ? null : displayIgnore(w.ignoreFile.path, target.context),
    linkTargets: new Map(w.links.map((oid) => [oid, text(oid) ?? ''])),
  };
  const made = patch?.(opts) ?? { snapshot: contextFromTree(tree, opts) };
  return { text: text(w.dockerfile?.oid), ...made, ignore, ignoreFile: w.ignoreFile?.path ?? null };
}

interface WantedBlobs {
  /** Blob ids of the symlinks in the context (their content is the target). */
  readonly links: readonly string[];
  /** The Dockerfile, through its symlinks. */
  readonly dockerfile: GitEntry | null;
  readonly ignoreFile: (GitEntry & { readonly path: string }) | null;
}

function wantedBlobs(repoRoot: string, tree: GitTree, target: Target, ignoreCandidates: readonly string[]): WantedBlobs {
  const links: string[] = [];
  for (const e of pathsUnder(tree, target.context).values()) if (e.mode === '120000') links.push(e.oid);
  const dockerfile = followLinks(tree, target.dockerfile, (oid) => readBlobs(repoRoot, [oid]).get(oid)?.toString('utf8') ?? '');
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
  return path.posix.relative(context, file);
}

function parseIgnore(text: string, file: string, builder: Builder): IgnoreRules {
  try {
    return parseIgnoreFile(text, builder);
  } catch (err) {
    if (err instanceof IgnoreSyntaxError) throw new IgnoreFileError(file, err);
    throw err;
  }
}
