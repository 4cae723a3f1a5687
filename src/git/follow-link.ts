/**
 * A tree path read through symlinks, as a builder opening `-f Dockerfile`
 * would: a symlinked Dockerfile (`Dockerfile -> docker/Dockerfile.prod`) has
 * the link target as its blob, not the Dockerfile. Pure apart from reading
 * link targets, which the caller brings.
 */
import { posix } from 'node:path';
import type { GitEntry, GitTree } from './tree.js';

/** Linux's limit on symlinks followed in one lookup (ELOOP). */
const MAX_HOPS = 40;

/**
 * The entry `file` resolves to, or null when the chain dangles, loops or
 * leaves the repository (an absolute target, or `..` past the root): the
 * file is not in this tree then, as far as a fresh clone goes.
 */
export function followLinks(tree: GitTree, file: string, readLink: (oid: string, at: string) => string): GitEntry | null {
  return followLinksTo(tree, file, readLink)?.entry ?? null;
}

/** followLinks, with the path the chain ends at. */
export function followLinksTo(tree: GitTree, file: string, readLink: (oid: string, at: string) => string): { readonly path: string; readonly entry: GitEntry } | null {
  let at = file;
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    const entry = tree.get(at);
    if (!entry) return null;
    if (entry.mode !== '120000') return { path: at, entry };
    const target = readLink(entry.oid, at);
    if (target.startsWith('/')) return null;
    at = posix.normalize(posix.join(posix.dirname(at), target));
    if (at === '..' || at.startsWith('../')) return null;
  }
  return null;
}
