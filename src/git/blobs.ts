/**
 * Blob contents, only where content is needed (Dockerfiles, ignore files,
 * symlink targets): one `git cat-file --batch` for all of them.
 */
import { runGit } from './run-git.js';

export function readBlobs(repoRoot: string, oids: Iterable<string>): Map<string, Buffer> {
  const wanted = [...new Set(oids)];
  const out = new Map<string, Buffer>();
  if (!wanted.length) return out;
  const data = runGit(repoRoot, ['cat-file', '--batch'], `${wanted.join('\n')}\n`);
  let at = 0;
  while (at < data.length) {
    const eol = data.indexOf(0x0a, at);
    if (eol < 0) break;
    const [oid, type, size] = data.subarray(at, eol).toString('utf8').split(' ');
    at = eol + 1;
    if (type === 'missing' || !oid || size === undefined) continue;
    const n = Number(size);
    out.set(oid, data.subarray(at, at + n));
    at += n + 1; // contents, then "\n"
  }
  return out;
}
