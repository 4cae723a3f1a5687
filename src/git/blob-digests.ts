/**
 * Git blob ids → the content digest the context hasher gives the same bytes
 * (hex XXH64, see context/hash.ts). Real builds' records key files by that
 * digest, while the index holds blob ids: to plan the staged tree against a
 * shared cache (`check --against NAME`), each blob is hashed once and the
 * answer kept in the git dir (`layerplan/blob-xxh64`, a line per blob). A
 * blob id names its content, so an entry never goes stale: a commit hashes
 * only the blobs it adds. Old blobs (of files long since edited) would make
 * the file grow forever and every read slower, so it is capped (see
 * `overCap`).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hex64, xxhashApi } from '../context/hash.js';
import { GitError } from './run-git.js';

const CACHE = path.join('layerplan', 'blob-xxh64');

/** What finding the digests cost: how many the cache had, and how many blobs (and bytes) were read and hashed. */
export interface BlobDigestStats {
  readonly cached: number;
  readonly hashed: number;
  readonly bytes: number;
}

/**
 * The XXH64 digest of every blob in `oids`, from the cache where it has them. `prune`: these are all the
 * blobs of the contexts being read (not a few edited ones), so the cache may be cut down to about them.
 */
export async function blobDigests(repo: string, gitDir: string, oids: Iterable<string>, { prune = true }: { readonly prune?: boolean } = {}): Promise<{ digests: Map<string, string>; stats: BlobDigestStats }> {
  const cacheFile = path.join(gitDir, CACHE);
  const unique = [...new Set(oids)];
  const known = prune || unique.length > FEW ? readCache(cacheFile) : findInCache(cacheFile, unique);
  const digests = new Map<string, string>();
  const missing: string[] = [];
  for (const oid of unique) {
    const d = known.get(oid);
    if (d) digests.set(oid, d);
    else missing.push(oid);
  }
  const cached = digests.size;
  const { hashed, bytes } = missing.length ? await hashBlobs(repo, missing) : { hashed: new Map<string, string>(), bytes: 0 };
  for (const [oid, d] of hashed) digests.set(oid, d);
  if (prune && overCap(known.size + hashed.size, digests.size)) rewriteCache(cacheFile, known, digests);
  else if (hashed.size) writeCache(cacheFile, hashed);
  return { digests, stats: { cached, hashed: hashed.size, bytes } };
}

/** Up to this many blobs are looked up in the cache's text, not read into a map (a staged edit's few: ~0.1 ms each instead of ~10 ms for 20,000 lines). */
const FEW = 16;

/**
 * The cache is rewritten when it holds more than twice the blobs this run
 * needed plus CAP_SLACK: a repository's current blobs stay, and the file
 * stays within a few times their number (20,000 files: ~1.2 MB, read in
 * ~8 ms) however long the history behind it.
 */
export function overCap(entries: number, needed: number): boolean {
  return entries > 2 * needed + CAP_SLACK;
}

const CAP_SLACK = 10_000;

/** The blobs this run needed, then as many of the others as they number, newest first kept; written whole and renamed in. */
function rewriteCache(file: string, known: ReadonlyMap<string, string>, needed: ReadonlyMap<string, string>): void {
  const others = [...known].filter(([oid]) => !needed.has(oid));
  const kept = [...others.slice(Math.max(0, others.length - needed.size)), ...needed];
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.${process.pid}.tmp`, kept.map(([oid, d]) => `${oid} ${d}\n`).join(''));
    renameSync(`${file}.${process.pid}.tmp`, file);
  } catch {
    // As for appends: a read-only git dir keeps the file as it is.
  }
}

/** The cache's lines for these blobs, found by search in its text. */
function findInCache(file: string, oids: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const text = cacheText(file);
  if (text === null) return out;
  for (const oid of oids) {
    for (let at = text.indexOf(`${oid} `); at >= 0; at = text.indexOf(`${oid} `, at + 1)) {
      const end = at + oid.length + 17;
      // A whole line of its own, as readCache takes them (a torn line is skipped).
      if ((at === 0 || text.charCodeAt(at - 1) === 0x0a) && (end === text.length || text.charCodeAt(end) === 0x0a)) {
        out.set(oid, text.slice(at + oid.length + 1, end));
        break;
      }
    }
  }
  return out;
}

/** The cache file's text; null when there is none yet (or it cannot be read: then it is as if empty). */
function cacheText(file: string): string | null {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return null;
  }
}

function readCache(file: string): Map<string, string> {
  const out = new Map<string, string>();
  const text = cacheText(file);
  if (text === null) return out;
  // `<40 or 64 hex> <16 hex>\n`; a torn last line (two writers at once) is skipped and hashed again.
  for (let at = 0; at < text.length; ) {
    const eol = text.indexOf('\n', at);
    const end = eol < 0 ? text.length : eol;
    const space = text.indexOf(' ', at);
    if (space > at && space < end && end - space === 17) out.set(text.slice(at, space), text.slice(space + 1, end));
    at = end + 1;
  }
  return out;
}

/** Appends whole lines in one write: two hooks at once interleave lines, never bytes within a line. */
function writeCache(file: string, add: ReadonlyMap<string, string>): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    appendFileSync(file, [...add].map(([oid, d]) => `${oid} ${d}\n`).join(''));
  } catch {
    // A read-only git dir only costs the next run the same hashing.
  }
}

/**
 * Streams `git cat-file --batch` and hashes each blob as its bytes arrive,
 * so memory stays one chunk deep whatever the blobs weigh.
 */
async function hashBlobs(repo: string, oids: readonly string[]): Promise<{ hashed: Map<string, string>; bytes: number }> {
  const x = await xxhashApi();
  const hashed = new Map<string, string>();
  let bytes = 0;
  let pending: Buffer = Buffer.alloc(0);
  let current: { oid: string; left: number; state: ReturnType<typeof x.create64> } | null = null;
  const child = spawn('git', ['cat-file', '--batch'], { cwd: repo, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' }, stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (c: Buffer) => stderr.push(c));
  child.stdout.on('data', (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      if (current) {
        const take = Math.min(current.left, pending.length);
        current.state.update(pending.subarray(0, take));
        current.left -= take;
        pending = pending.subarray(take);
        if (current.left > 0) return;
        if (pending.length < 1) return; // the "\n" after the contents is still to come
        hashed.set(current.oid, hex64(current.state.digest()));
        pending = pending.subarray(1);
        current = null;
      }
      const eol = pending.indexOf(0x0a);
      if (eol < 0) return;
      const [oid, type, size] = pending.subarray(0, eol).toString('latin1').split(' ');
      pending = pending.subarray(eol + 1);
      if (type === 'missing' || !oid || size === undefined) continue;
      bytes += Number(size);
      current = { oid, left: Number(size), state: x.create64() };
    }
  });
  child.stdin.end(`${oids.join('\n')}\n`);
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (status !== 0) throw new GitError(`git cat-file: ${Buffer.concat(stderr).toString('utf8').trim().split('\n')[0] || `exit status ${status}`}`, ['cat-file', '--batch']);
  return { hashed, bytes };
}
