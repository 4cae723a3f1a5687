/**
 * A directory's names, sorted, with the type readdir reports (d_type) of
 * each name that is not a regular file. Where Node's fs binding offers the
 * readdir that readdirSync calls (process.binding('fs'), Node 20), its two
 * arrays (names, types) are used as they come: readdirSync makes a Dirent
 * object of every name out of them, ~22,000 in the walk of a 20,000-file
 * context, which the walk only asks its type. Anywhere else, or when the
 * binding disagrees with readdirSync's names or lstat's kinds on the first
 * directory listed, or on a missing one, readdirSync. I/O edge.
 */
import { constants, lstatSync, readdirSync, type Dirent } from 'node:fs';
import { fsBinding } from './fs-binding.js';
import { threadStampReader } from './lstat-stamp.js';

/** What readdir said a name is: a regular file, a directory, a symlink, unknown (lstat it), or something never carried. */
export type NameKind = 'file' | 'dir' | 'symlink' | 'unknown' | 'other';

export interface Listing {
  /** Sorted in UTF-16 code-unit order, as `<` compares (Go's byte order for the ASCII names of nearly every context). */
  readonly names: string[];
  /** The kind of each name that is not a regular file (most are, so they need no map entry). */
  readonly kinds: Map<string, NameKind>;
}

/** The binding's readdir with types: [names, UV_DIRENT_* types]; throws errno errors as readdirSync does. */
type RawReaddir = (path: string, encoding: 'utf8', withFileTypes: true) => [string[], number[]];

const { S_IFMT, S_IFREG, S_IFDIR, S_IFLNK } = constants;
const { UV_DIRENT_UNKNOWN, UV_DIRENT_FILE, UV_DIRENT_DIR, UV_DIRENT_LINK } = constants as typeof constants & Record<'UV_DIRENT_UNKNOWN' | 'UV_DIRENT_FILE' | 'UV_DIRENT_DIR' | 'UV_DIRENT_LINK', number>;

/** A readdir's types as NameKinds (UV_DIRENT_* as libuv numbers them: fifo, socket, char and block devices are the rest). */
function kindOfType(type: number): NameKind {
  if (type === UV_DIRENT_FILE) return 'file';
  if (type === UV_DIRENT_DIR) return 'dir';
  if (type === UV_DIRENT_LINK) return 'symlink';
  if (type === UV_DIRENT_UNKNOWN) return 'unknown'; // A filesystem that does not fill in d_type.
  return 'other';
}

/** What an lstat mode is; null for 0 (nothing there). */
function kindOfMode(mode: number): NameKind | null {
  const type = mode & S_IFMT;
  if (type === S_IFREG) return 'file';
  if (type === S_IFDIR) return 'dir';
  if (type === S_IFLNK) return 'symlink';
  return mode === 0 ? null : 'other';
}

function kindOfDirent(d: Dirent): NameKind {
  if (d.isFile()) return 'file';
  if (d.isDirectory()) return 'dir';
  if (d.isSymbolicLink()) return 'symlink';
  if (d.isFIFO() || d.isSocket() || d.isCharacterDevice() || d.isBlockDevice()) return 'other';
  return 'unknown';
}

/** Names sorted without a comparator (a comparator over 20,000 names cost ~10 ms), kinds aside. */
function listing(names: string[], kindOf: (k: number) => NameKind): Listing {
  const kinds = new Map<string, NameKind>();
  for (let k = 0; k < names.length; k++) {
    const kind = kindOf(k);
    if (kind !== 'file') kinds.set(names[k] as string, kind);
  }
  names.sort();
  return { names, kinds };
}

function viaFs(dir: string): Listing {
  const dirents = readdirSync(dir, { withFileTypes: true });
  return listing(dirents.map((d) => d.name), (k) => kindOfDirent(dirents[k] as Dirent));
}

function viaRaw(raw: RawReaddir, dir: string): Listing {
  const [names, types] = raw(dir, 'utf8', true);
  return listing(names, (k) => kindOfType(types[k] as number));
}

/**
 * Whether the binding's listing of `dir` has readdirSync's names, for each name the kind its lstat gives
 * (or 'unknown', which the walk lstats), and it throws ENOENT for a missing path. Checked once, by a plain
 * readdir and an lstat of each name: readdirSync's Dirents, which nothing else makes, cost every start
 * compiling Node's code for them (~0.5M instructions).
 */
function agrees(raw: RawReaddir, dir: string, got: Listing): boolean {
  const names = readdirSync(dir).sort();
  if (names.length !== got.names.length || names.some((n, k) => n !== got.names[k]) || !kindsHold(dir, got)) return false;
  try {
    raw(`${dir}/.not-there-${process.pid}`, 'utf8', true);
    return false;
  } catch (err) {
    return (err as { code?: unknown }).code === 'ENOENT';
  }
}

/** Whether each name's kind in `got` is what its lstat says ('unknown' aside); false where an lstat fails. */
function kindsHold(dir: string, got: Listing): boolean {
  const stamp = threadStampReader(lstatSync);
  const into = { size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0, mode: 0 };
  try {
    for (const n of got.names) {
      const kind = got.kinds.get(n) ?? 'file';
      if (kind === 'unknown') continue;
      stamp(`${dir}/${n}`, into);
      if (kindOfMode(into.mode) !== kind) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** The binding's readdir, or null where it has none. */
function rawReaddir(): RawReaddir | null {
  const b = fsBinding(process);
  const readdir = b === null ? undefined : b.readdir;
  return typeof readdir === 'function' ? (readdir.bind(b) as RawReaddir) : null;
}

/** The binding's readdir until it is checked (undefined), once checked (it agreed), or null: readdirSync. */
let raw: RawReaddir | null | undefined;

/** The directory's listing; throws readdirSync's errno errors (ENOENT, ENOTDIR, EACCES, ...). */
export function readDir(dir: string): Listing {
  if (raw === null) return viaFs(dir);
  if (raw !== undefined) return viaRaw(raw, dir);
  const candidate = rawReaddir();
  if (candidate === null) {
    raw = null;
    return viaFs(dir);
  }
  let got: Listing;
  try {
    got = viaRaw(candidate, dir);
  } catch {
    raw = null; // An error here is not trusted to be readdirSync's: the listing is asked again of it.
    return viaFs(dir);
  }
  raw = agrees(candidate, dir, got) ? candidate : null;
  return raw === null ? viaFs(dir) : got;
}

/** For tests: the check a binding's readdir passes before it is used, with a stand-in for it. */
export const bindingAgrees = (raw: RawReaddir, dir: string): boolean => agrees(raw, dir, viaRaw(raw, dir));

/** For tests: both ways of listing (null where the binding has no readdir). */
export const readDirKinds = (): { fs: (dir: string) => Listing; binding: ((dir: string) => Listing) | null } => {
  const r = rawReaddir();
  return { fs: viaFs, binding: r === null ? null : (dir) => viaRaw(r, dir) };
};
