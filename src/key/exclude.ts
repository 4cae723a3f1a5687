/**
 * `COPY --exclude=PATTERN` (dockerfile 1.19+): excluded files are neither
 * copied nor part of the content checksum. Patterns match paths relative to
 * the source, with .dockerignore's rules.
 */
import { isExcluded, parseIgnoreFile } from '../ignore/dockerignore.js';
import type { Fingerprints } from './types.js';

export function withoutExcluded(files: Fingerprints, source: string, patterns: readonly string[]): Fingerprints {
  if (!patterns.length) return files;
  const rules = parseIgnoreFile(patterns.join('\n'));
  const prefix = source.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  const out: Record<string, string> = {};
  for (const [p, fp] of Object.entries(files)) {
    const rel = prefix === '' || prefix === '.' ? p : p.startsWith(`${prefix}/`) ? p.slice(prefix.length + 1) : p;
    if (!isExcluded(rules, rel)) out[p] = fp;
  }
  return out;
}
