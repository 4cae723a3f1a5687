/**
 * `.dockerignore` lines that stop docs and tool folders from busting the
 * cache: docs-like files at the top of the context and heavy folders on disk
 * that nothing ignores yet, then the ignore file's own name. Pure.
 */
import { isExcluded } from '../ignore/dockerignore.js';
import { HEAVY_FOLDERS as HEAVY, ignoreLineFor, isDocsLike } from './copy-shape.js';
import type { ContextFacts } from './types.js';

export function ignoreSuggestions(context: ContextFacts): string[] {
  const lines = new Set<string>();
  for (const name of context.topNames) if (HEAVY.includes(name)) lines.add(name);
  for (const p of context.present.keys()) if (isDocsLike(p)) lines.add(ignoreLineFor(p));
  // Only top-level names and doc folders; a Dockerfile is often read by other tooling, so it stays.
  const wanted = [...lines].filter((l) => !l.includes('/') && !/(Dockerfile|Containerfile)/.test(l));
  const missing = wanted.filter((l) => !context.ignore || !isExcluded(context.ignore, l)).sort();
  // The ignore file is in the context too, and `COPY . .` copies it (seen with Docker 28.5): a line of its own
  // keeps writing it from adding a file to the image, so the lines only ever take files out.
  const self = context.ignoreFile ?? '.dockerignore';
  const copied = !self.startsWith('../') && !(context.ignore && isExcluded(context.ignore, self));
  return missing.length && copied && !missing.includes(self) ? [...missing, self] : missing;
}
