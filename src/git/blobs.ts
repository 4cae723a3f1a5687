/**
 * Blob contents, only where content is needed (Dockerfiles, ignore files,
 * symlink targets): from the work tree where the file there is the blob,
 * else one `git cat-file --batch` for the rest.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runGit } from './run-git.js';
import type { GitMode } from './types.js';

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

/** A blob wanted, and the repo-relative path of a tree entry holding it. */
export interface BlobAt {
  readonly oid: string;
  readonly path: string;
  readonly mode: GitMode;
}

/**
 * readBlobs, first looking in the work tree: a file (or, for a symlink
 * entry, a link target) whose bytes hash to the wanted id as git hashes a
 * blob is that blob, byte for byte, whatever the index's stat data, an
 * unstaged edit or a checkout filter say. On the pre-commit path nearly
 * every Dockerfile and ignore file is clean, so git is not started at all.
 */
export function readBlobsAt(repoRoot: string, wanted: readonly BlobAt[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const rest: string[] = [];
  for (const w of wanted) {
    if (out.has(w.oid)) continue;
    const bytes = workTreeBytes(join(repoRoot, w.path), w.mode);
    if (bytes !== null && blobId(bytes, w.oid.length) === w.oid) out.set(w.oid, bytes);
    else rest.push(w.oid);
  }
  for (const [oid, bytes] of readBlobs(repoRoot, rest)) out.set(oid, bytes);
  return out;
}

/** A regular file's bytes (never a FIFO's or a device's, which could block), or a symlink's target as bytes; null when there is nothing such. */
function workTreeBytes(abs: string, mode: GitMode): Buffer | null {
  try {
    if (mode === '120000') return readlinkSync(abs, { encoding: 'buffer' });
    return mode !== '160000' && statSync(abs).isFile() ? readFileSync(abs) : null;
  } catch {
    return null;
  }
}

/**
 * The id git gives a blob of these bytes: SHA-1 (40 hex digits) or SHA-256
 * (64) of `blob <size>\0<bytes>`. @noble/hashes, not node:crypto: loading
 * node:crypto costs ~8 ms of every run on the pre-commit path, more than
 * hashing the few small files it is needed for.
 */
export function blobId(bytes: Buffer, hexLength: number): string | null {
  const hash = hexLength === 40 ? sha1 : hexLength === 64 ? sha256 : null;
  if (hash === null) return null;
  const h = hash.create().update(Buffer.from(`blob ${bytes.length}\0`, 'latin1')).update(bytes);
  return bytesToHex(h.digest());
}
