/**
 * `.dockerignore` lines that stop docs and tool folders from busting the
 * cache: docs-like files at the top of the context and heavy folders on disk
 * that nothing ignores yet. Pure.
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
  return wanted.filter((l) => !context.ignore || !isExcluded(context.ignore, l)).sort();
}
