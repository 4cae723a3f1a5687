/** POSIX path arithmetic for the pure readers (node:path is I/O-adjacent and kept out of the core). */

export function isAbsolute(p: string): boolean {
  return p.startsWith('/');
}

/** `base` joined with `p` (p absolute: p), normalised: no `.`, `..` resolved, no trailing slash. */
export function resolvePath(base: string, p: string): string {
  const joined = isAbsolute(p) ? p : `${base}/${p}`;
  const out: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}
