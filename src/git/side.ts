/**
 * One side of a comparison (the index, or a revision) for one Dockerfile:
 * its text, the ignore file that applies, and the context snapshot, all
 * read from git objects, never from the working tree.
 */
import path from 'node:path';
import { ignoreFileCandidates, IgnoreSyntaxError, NO_RULES, parseIgnoreFile, type IgnoreRules } from '../context/dockerignore.js';
import type { ContextSnapshot } from '../context/types.js';
import type { Builder } from '../key/index.js';
import { readBlobs } from './blobs.js';
import { toRepoPath } from './config.js';
import type { Target } from './discover.js';
import { followLinks } from './follow-link.js';
import type { GitTree } from './tree.js';
import { contextFromTree, pathsUnder } from './tree-context.js';

export interface Side {
  /** null: the Dockerfile is not in this tree. */
  readonly text: string | null;
  readonly snapshot: ContextSnapshot;
  readonly ignore: IgnoreRules;
  /** Repo-relative ignore file, or null. */
  readonly ignoreFile: string | null;
}

/** Repo-relative ignore-file candidates, best first (the builder's own order). */
export function ignoreCandidates(repoRoot: string, target: Target, builder: Builder): string[] {
  const ctxAbs = path.join(repoRoot, target.context);
  return ignoreFileCandidates(ctxAbs, path.join(repoRoot, target.dockerfile), builder).map((c) => toRepoPath(c.file, repoRoot));
}

export function readSide(repoRoot: string, tree: GitTree, target: Target, builder: Builder): Side {
  const ignoreFile = ignoreCandidates(repoRoot, target, builder).find((p) => tree.get(p)?.mode.startsWith('100')) ?? null;
  const links = [...pathsUnder(tree, target.context).values()].filter((e) => e.mode === '120000').map((e) => e.oid);
  const df = followLinks(tree, target.dockerfile, (oid) => readBlobs(repoRoot, [oid]).get(oid)?.toString('utf8') ?? '');
  const wanted = [...links, ...(df ? [df.oid] : []), ...(ignoreFile ? [tree.get(ignoreFile)?.oid ?? ''] : [])];
  const blobs = readBlobs(repoRoot, wanted);
  const text = (oid: string | undefined): string | null => (oid === undefined ? null : blobs.get(oid)?.toString('utf8') ?? null);
  const ignore = ignoreFile ? parseIgnore(text(tree.get(ignoreFile)?.oid) ?? '', ignoreFile, builder) : NO_RULES;
  const linkTargets = new Map(links.map((oid) => [oid, text(oid) ?? '']));
  const snapshot = contextFromTree(tree, {
    root: path.join(repoRoot, target.context),
    dir: target.context,
    ignore,
    ignoreFile: ignoreFile === null ? null : displayIgnore(ignoreFile, target.context),
    linkTargets,
  });
  return { text: text(df?.oid), snapshot, ignore, ignoreFile };
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

export class IgnoreFileError extends Error {
  constructor(readonly file: string, readonly syntax: IgnoreSyntaxError) {
    super(`${file}:${syntax.line}: ${syntax.message}`);
    this.name = 'IgnoreFileError';
  }
}
