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
import { IndexTree } from './index-tree.js';

/** The object formats git has: the id's length in bytes and the hash that makes it. */
export type ObjectFormat = 'sha1' | 'sha256';
const ID_BYTES: Readonly<Record<ObjectFormat, number>> = { sha1: 20, sha256: 32 };

/**
 * The entries of the index file at `file`; none when it does not exist (a
 * repository before its first `git add`, as ls-files sees it); null when the
 * file is one this reader does not answer for.
 */
export function readIndexFile(file: string, format: ObjectFormat): IndexTree | null {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return new IndexTree([], new Uint32Array(0), { buf: Buffer.alloc(0), at: new Int32Array(0), length: ID_BYTES[format] }, true, pathText([]));
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
/**
 * The entries of an index file's bytes, or null (see readIndexFile). Pure.
 * Written for a process that runs it once, before the JIT has warmed up,
 * and for the garbage collector: per entry only its path is made, a slice
 * of the file read as Latin-1 in one call (a slice shares the text, where
 * a decode per name was one native call and one copy each); modes and
 * where the ids are go into typed arrays, and an id becomes hex only when
 * asked for (IndexTree). Names are UTF-8: the rare index with a byte past
 * ASCII in a name has those names decoded again.
 */
export function parseIndex(buf: Buffer, format: ObjectFormat): IndexTree | null {
  const idBytes = ID_BYTES[format];
  if (buf.length < HEADER + idBytes || u32(buf, 0) !== SIGNATURE) return null;
  const version = u32(buf, 4);
  if (version < 2 || version > 4) return null;
  const count = u32(buf, 8);
  const end = buf.length - idBytes;
  const latin1 = buf.toString('latin1');
  const names: string[] = [];
  const modes = new Uint32Array(count);
  const idAt = new Int32Array(count);
  // Kept names strictly ascending as strings: the Latin-1 text of git's byte order, checked, not assumed.
  let sorted = true;
  let previous = '';
  let kept = '';
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
      name = previous.slice(0, previous.length - v.value) + latin1.slice(v.next, nul);
      previous = name;
      at = nul + 1;
    } else {
      // The length field holds names up to 0xffe bytes; a longer one ends at its NUL.
      const length = flags & NAME_MASK;
      nul = length < NAME_MASK ? nameAt + length : buf.indexOf(0, nameAt + NAME_MASK);
      if (nul < 0 || buf[nul] !== 0) return null;
      name = latin1.slice(nameAt, nul);
      // The entry is padded with 1 to 8 NULs to a multiple of 8 bytes.
      at = start + ((nul - start + 8) & ~7);
    }
    if (nul >= end || name.length === 0 || (flags & NAME_MASK) !== (name.length < NAME_MASK ? name.length : NAME_MASK)) return null;
    // u32 inline: a call per entry is felt before the loop is optimized.
    const mode = ((buf[start + MODE_AT] as number) * 0x1000000 + (((buf[start + MODE_AT + 1] as number) << 16) | ((buf[start + MODE_AT + 2] as number) << 8) | (buf[start + MODE_AT + 3] as number)));
    // A sparse index's directory entries: ls-files expands them; this reader does not.
    if ((mode & S_IFMT) === S_IFDIR) return null;
    const stage = (flags >> 12) & 3;
    if (stage === 0 || stage === 2) {
      if (names.length > 0 && !(kept < name)) sorted = false;
      kept = name;
      modes[names.length] = mode;
      idAt[names.length] = flagsAt - idBytes;
      names.push(name);
    }
  }
  if (at > end || !extensionsKnown(buf, at, end)) return null;
  const ids = { buf, at: idAt.subarray(0, names.length), length: idBytes };
  const text = pathText(names);
  if (!hasNonAscii(text)) return new IndexTree(names, modes.subarray(0, names.length), ids, sorted, text);
  // As UTF-8 the names may sort otherwise as strings: found through a map then.
  const paths = asUtf8(names);
  return new IndexTree(paths, modes.subarray(0, names.length), ids, false, pathText(paths));
}

const NON_ASCII = /[^\0-\x7f]/;

/**
 * Whether a text of Latin-1 characters (names read as Latin-1) holds one
 * past ASCII: each such character is two bytes in UTF-8. Node counts those
 * bytes natively in one pass, faster than the regex over the 20,000 paths'
 * ~800,000 characters (~0.8 vs ~1.2 ms).
 */
function hasNonAscii(latin1: string): boolean {
  return Buffer.byteLength(latin1, 'utf8') !== latin1.length;
}

/** `\0path\0path\0`: every path between NULs, which no path holds. */
export function pathText(paths: readonly string[]): string {
  return `\0${paths.join('\0')}\0`;
}

/** The names decoded as UTF-8: a name read as Latin-1 is its bytes, one character each, turned back into bytes. */
function asUtf8(names: readonly string[]): string[] {
  return names.map((n) => (!NON_ASCII.test(n) ? n : Buffer.from(n, 'latin1').toString('utf8')));
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
