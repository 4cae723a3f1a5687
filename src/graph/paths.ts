/**
 * POSIX path cleaning as Go's `path.Clean` does it (the builders' rule), kept
 * here so the pure core needs no `node:path`.
 */
export function cleanPath(p: string): string {
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  return rooted ? `/${joined}` : joined || '.';
}

/** Resolves `p` against the working directory, as WORKDIR and COPY destinations do. */
export function resolveFrom(workdir: string, p: string): string {
  return cleanPath(p.startsWith('/') ? p : `${workdir}/${p}`);
}
