/**
 * The staged tree read from git's index file itself (`.git/index`, or
 * GIT_INDEX_FILE): what `git ls-files -s -z` lists, without starting git.
 * On the pre-commit path that process and the parse of its 20,000-line
 * output were the largest git cost. Only what this reader knows for certain
 * is answered: versions 2 to 4, no split index (`link`), no sparse
 * directories (`sdir`), no extension git would refuse to ignore, entries and
 * extensions that end exactly at the trailing hash; anything else is null,
 * and the caller asks ls-files. The trailing hash is not checked: git does
 * not check it either when it reads the index (only fsck does), and it would
 * cost ~3 ms of 2 MB hashed on every run.
 * See Documentation/gitformat-index.txt in git's sources.
 */
import { readFileSync } from 'node:fs';
import { errorCode } from '../lang/error-code.js';
import type { GitEntry, GitMode } from './types.js';

/** The object formats git has: the id's length in bytes and the hash that makes it. */
export type ObjectFormat = 'sha1' | 'sha256';
const ID_BYTES: Readonly<Record<ObjectFormat, number>> = { sha1: 20, sha256: 32 };

/** The index's entries in its order (path order, then stage), each path once as ls-files' parser keeps it. */
export interface IndexEntries {
  /** Paths in index order; conflicts: only the path's stage 2 ("ours"), as parseLsFiles keeps. */
  readonly paths: readonly string[];
  readonly entries: readonly GitEntry[];
  /** The paths as pathText gives them (made anyway, to find a name that is not ASCII). */
  readonly text: string;
}

/**
 * The entries of the index file at `file`; none when it does not exist (a
 * repository before its first `git add`, as ls-files sees it); null when the
 * file is one this reader does not answer for.
 */
export function readIndexFile(file: string, format: ObjectFormat): IndexEntries | null {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return { paths: [], entries: [], text: pathText([]) };
    return null;
  }
  return parseIndex(buf, format);
}

const SIGNATURE = 0x44495243; // "DIRC"
const HEADER = 12;
/** ctime, mtime (seconds and nanoseconds), dev, ino, mode, uid, gid, size: 32-bit each. */
const STAT_BYTES = 40;
const MODE_AT = 24;
const EXTENDED = 0x4000;
const NAME_MASK = 0xfff;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;

const MODES: ReadonlyMap<number, GitMode> = new Map([[0o100644, '100644'], [0o100755, '100755'], [0o120000, '120000'], [0o160000, '160000']]);

/**
 * The entries of an index file's bytes, or null (see readIndexFile). Pure.
 * Written for a process that runs it once, before the JIT has warmed up,
 * and for the garbage collector: the ids are gathered into one buffer and
 * made hex in one call, each name is one Latin-1 decode (no Buffer made per
 * entry), and nothing as large as the file is kept as a string (a 2 MB
 * index decoded whole was 6 MB of strings, enough to start a full
 * collection). Names are UTF-8: the rare index with a byte past ASCII in a
 * name has those names decoded again.
 */
export function parseIndex(buf: Buffer, format: ObjectFormat): IndexEntries | null {
  const idBytes = ID_BYTES[format];
  if (buf.length < HEADER + idBytes || u32(buf, 0) !== SIGNATURE) return null;
  const version = u32(buf, 4);
  if (version < 2 || version > 4) return null;
  const count = u32(buf, 8);
  const end = buf.length - idBytes;
  const ids = Buffer.allocUnsafe(count * idBytes);
  const names: string[] = [];
  const modes: number[] = [];
  /** Where each kept name's bytes are (v2, v3), for decoding again as UTF-8. */
  const spans: number[] = [];
  let previous = '';
  let at = HEADER;
  for (let i = 0; i < count; i++) {
    const start = at;
    const flagsAt = start + STAT_BYTES + idBytes;
    if (flagsAt + 2 > end) return null;
    const flags = ((buf[flagsAt] as number) << 8) | (buf[flagsAt + 1] as number);
    const extended = (flags & EXTENDED) !== 0;
    if (extended && version < 3) return null;
    const nameAt = flagsAt + 2 + (extended ? 2 : 0);
    let name: string;
    let nul: number;
    if (version === 4) {
      // The previous name without its last `strip` bytes, then this name's own suffix.
      const v = varint(buf, nameAt, end);
      nul = v === null ? -1 : buf.indexOf(0, v.next);
      if (v === null || nul < 0 || v.value > previous.length) return null;
      name = previous.slice(0, previous.length - v.value) + buf.toString('latin1', v.next, nul);
      previous = name;
      at = nul + 1;
    } else {
      // The length field holds names up to 0xffe bytes; a longer one ends at its NUL.
      const length = flags & NAME_MASK;
      nul = length < NAME_MASK ? nameAt + length : buf.indexOf(0, nameAt + NAME_MASK);
      if (nul < 0 || buf[nul] !== 0) return null;
      name = buf.toString('latin1', nameAt, nul);
      // The entry is padded with 1 to 8 NULs to a multiple of 8 bytes.
      at = start + ((nul - start + 8) & ~7);
    }
    if (nul >= end || name.length === 0 || (flags & NAME_MASK) !== Math.min(name.length, NAME_MASK)) return null;
    const mode = u32(buf, start + MODE_AT);
    // A sparse index's directory entries: ls-files expands them; this reader does not.
    if ((mode & S_IFMT) === S_IFDIR) return null;
    const stage = (flags >> 12) & 3;
    if (stage === 0 || stage === 2) {
      const to = names.length * idBytes;
      const from = flagsAt - idBytes;
      for (let k = 0; k < idBytes; k++) ids[to + k] = buf[from + k] as number;
      names.push(name);
      modes.push(mode);
      spans.push(nameAt, nul);
    }
  }
  if (at > end || !extensionsKnown(buf, at, end)) return null;
  const hex = ids.toString('hex', 0, names.length * idBytes);
  const width = idBytes * 2;
  const entries: GitEntry[] = new Array(names.length);
  for (let k = 0; k < names.length; k++) {
    const mode = modes[k] as number;
    entries[k] = { mode: MODES.get(mode) ?? (mode.toString(8).padStart(6, '0') as GitMode), oid: hex.slice(k * width, (k + 1) * width) };
  }
  const text = pathText(names);
  if (!NON_ASCII.test(text)) return { paths: names, entries, text };
  const paths = asUtf8(names, buf, version, spans);
  return { paths, entries, text: pathText(paths) };
}

const NON_ASCII = /[^\0-\x7f]/;

/** `\0path\0path\0`: every path between NULs, which no path holds. */
export function pathText(paths: readonly string[]): string {
  return `\0${paths.join('\0')}\0`;
}

/** The names decoded as UTF-8: each from its bytes (v2, v3), or all of v4's names in turn, the Latin-1 text turned back into bytes. */
function asUtf8(names: readonly string[], buf: Buffer, version: number, spans: readonly number[]): string[] {
  return names.map((n, k) => (!NON_ASCII.test(n) ? n : version === 4 ? Buffer.from(n, 'latin1').toString('utf8') : buf.toString('utf8', spans[2 * k], spans[2 * k + 1])));
}

function u32(buf: Buffer, at: number): number {
  return (((buf[at] as number) << 24) | ((buf[at + 1] as number) << 16) | ((buf[at + 2] as number) << 8) | (buf[at + 3] as number)) >>> 0;
}

/**
 * Extensions (4-byte signature, 32-bit size, data) up to the trailing hash.
 * One whose signature starts with an upper-case letter is optional (the
 * cache tree, resolve-undo, untracked cache, fsmonitor, end-of-index...);
 * any other (`link`: a split index, `sdir`: a sparse one) changes what the
 * entries mean, and git itself refuses an index with one it does not know.
 */
function extensionsKnown(buf: Buffer, at: number, end: number): boolean {
  while (at < end) {
    if (at + 8 > end) return false;
    const first = buf[at] as number;
    if (first < 0x41 || first > 0x5a) return false;
    at += 8 + u32(buf, at + 4);
  }
  return at === end;
}

/** git's offset varint (varint.c): big-endian 7-bit groups, each continuation adding one. */
function varint(buf: Buffer, at: number, end: number): { value: number; next: number } | null {
  if (at >= end) return null;
  let c = buf[at++] as number;
  let value = c & 0x7f;
  while (c & 0x80) {
    if (at >= end || value > 0xffffff) return null;
    c = buf[at++] as number;
    value = ((value + 1) << 7) | (c & 0x7f);
  }
  return { value, next: at };
}
