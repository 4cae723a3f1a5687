/**
 * An image's files as comparable lines, for the tests that build two Dockerfiles and ask whether they made the
 * same image: one line per path with its type, mode, owner and content digest or link target (mtimes left out:
 * they differ between any two builds).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import path from 'node:path';

/** One line per path under `root`: type, mode, owner, and the content's digest or the link target. */
export function listing(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(root, rel)).sort()) {
      const p = rel === '' ? name : `${rel}/${name}`;
      const abs = path.join(root, p);
      const st = lstatSync(abs);
      const mode = (st.mode & 0o7777).toString(8).padStart(4, '0');
      const what = st.isSymbolicLink() ? `link -> ${readlinkSync(abs)}` : st.isDirectory() ? 'dir' : st.isFile() ? `file ${createHash('sha256').update(readFileSync(abs)).digest('hex').slice(0, 16)}` : `other ${st.rdev}`;
      out.push(`${p} ${mode} ${st.uid}:${st.gid} ${what}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk('');
  return out;
}

/** Lines only in `a` ("- ") or only in `b` ("+ "): short enough to read when the images differ. */
export function differences(a: readonly string[], b: readonly string[]): string[] {
  const inA = new Set(a);
  const inB = new Set(b);
  return [...a.filter((l) => !inB.has(l)).map((l) => `- ${l}`), ...b.filter((l) => !inA.has(l)).map((l) => `+ ${l}`)];
}

/** Unpacks as the archive says (owners and modes kept: we are root), so both images are read the same way. */
export function extract(tarFile: string, into: string): void {
  mkdirSync(into, { recursive: true });
  const r = spawnSync('tar', ['-xpf', tarFile, '--numeric-owner', '--same-owner', '-C', into], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar -x ${tarFile}: ${r.stderr}`);
  rmSync(tarFile);
}
