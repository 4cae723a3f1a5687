/**
 * COPY/ADD sources resolved against a context snapshot the way BuildKit
 * resolves them, the files each source brings, and a digest over them that
 * changes exactly when a builder's content checksum would. Pure.
 *
 * - The path is joined to "/" and cleaned (`./src`, `src/`, `/src` are `src`;
 *   `..` stops at the root; `.` is the whole context).
 * - Wildcards (`* ? [..]`, `\` escapes) use Go `filepath.Match` (no `**`).
 *   No match copies nothing and is not an error, unless the directory the
 *   wildcard sits in is missing (moby/buildkit#2933).
 * - A source that is (or goes through) a symlink is followed inside the
 *   context as if it were `/`: absolute targets start at the context root,
 *   `..` stops there, at most 40 hops. Symlinks *inside* a copied directory
 *   are copied as links, never followed.
 */
import { cleanPath, goMatch, hasGoMeta } from '../lang/go-path.js';
import type { ContextEntry, ContextSnapshot } from './types.js';
import type { Fingerprints } from '../key/types.js';
import { assertNever } from '../lang/assert-never.js';
import { WalkEntries } from './walk-entries.js';

/** One path a source names (or a wildcard matched). */
export interface SourceMatch {
  /** The path as named, relative to the context ('' = the context root). */
  readonly path: string;
  /** Where it leads after following symlinks within the context ('' = the root). */
  readonly resolved: string;
  readonly type: 'file' | 'dir';
}

export type SourceResolution =
  | { readonly kind: 'ok'; readonly matches: readonly SourceMatch[] }
  | { readonly kind: 'not-found'; readonly path: string };

/** A file, dir or symlink a builder would copy for one source. */
export interface SelectedFile {
  /** The source it comes from (SourceMatch.path). */
  readonly source: string;
  /** Path relative to the source: '' for the source itself, else inside a directory source. */
  readonly rel: string;
  readonly entry: ContextEntry;
}

/** Linux's limit on symlinks followed while resolving one path (MAXSYMLINKS). */
const MAX_LINK_HOPS = 40;

export function resolveSources(ctx: ContextSnapshot, source: string, opts: { allowWildcards: boolean }): SourceResolution {
  const clean = toContextPath(source);
  if (opts.allowWildcards && hasGoMeta(clean)) return resolveWildcard(ctx, clean);
  const match = matchOf(ctx, clean, clean);
  return match === null ? { kind: 'not-found', path: clean === '' ? '.' : clean } : { kind: 'ok', matches: [match] };
}

/** `filepath.Join("/", p)` without the leading slash: '' is the context root. */
export function toContextPath(source: string): string {
  return cleanPath('/' + source).slice(1);
}

function resolveWildcard(ctx: ContextSnapshot, pattern: string): SourceResolution {
  const segments = pattern.split('/');
  const firstMeta = segments.findIndex((s) => hasGoMeta(s));
  const parentNamed = segments.slice(0, firstMeta).join('/');
  const parent = followPath(ctx, parentNamed);
  if (parent === null || typeOf(ctx, parent) !== 'dir') return { kind: 'not-found', path: parentNamed === '' ? '.' : parentNamed };
  const rest = segments.slice(firstMeta).join('/');
  const depth = segments.length - firstMeta;
  const matches: SourceMatch[] = [];
  for (const rel of childrenOf(ctx, parent)) {
    if (rel.split('/').length !== depth || !safeMatch(rest, rel)) continue;
    const named = parentNamed === '' ? rel : `${parentNamed}/${rel}`;
    const match = matchOf(ctx, named, parent === '' ? rel : `${parent}/${rel}`);
    if (match !== null) matches.push(match);
  }
  matches.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)); // Go's Glob order.
  return { kind: 'ok', matches };
}

/** A malformed pattern matches nothing (the builder reports the syntax error itself). */
function safeMatch(pattern: string, name: string): boolean {
  try {
    return goMatch(pattern, name);
  } catch {
    return false;
  }
}

function matchOf(ctx: ContextSnapshot, named: string, actual: string): SourceMatch | null {
  const resolved = followPath(ctx, actual);
  if (resolved === null) return null;
  const type = typeOf(ctx, resolved);
  return type === null ? null : { path: named, resolved, type };
}

function typeOf(ctx: ContextSnapshot, path: string): 'file' | 'dir' | null {
  if (path === '') return 'dir';
  const type = ctx.entries.get(path)?.type;
  return type === 'file' || type === 'dir' ? type : null;
}

/**
 * Resolves every symlink on the path (the last one too) inside the context,
 * chroot-style. Returns the real context path, or null if something is
 * missing, a file is used as a directory, or links loop.
 */
export function followPath(ctx: ContextSnapshot, path: string): string | null {
  const todo = path === '' ? [] : path.split('/');
  let done: string[] = [];
  let hops = 0;
  while (todo.length > 0) {
    const segment = todo.shift() as string;
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      done.pop();
      continue;
    }
    const candidate = [...done, segment].join('/');
    const entry = ctx.entries.get(candidate);
    if (entry === undefined) return null;
    if (entry.type === 'symlink') {
      if (++hops > MAX_LINK_HOPS) return null;
      const target = entry.linkTarget ?? '';
      if (target.startsWith('/')) done = [];
      todo.unshift(...target.split('/'));
      continue;
    }
    if (entry.type === 'file' && todo.some((s) => s !== '' && s !== '.')) return null;
    done.push(segment);
  }
  return done.join('/');
}

/** Context paths below a directory, relative to it, in snapshot order. */
function childrenOf(ctx: ContextSnapshot, dir: string): string[] {
  if (dir === '') return [...ctx.entries.keys()];
  const prefix = dir + '/';
  const out: string[] = [];
  for (const key of ctx.entries.keys()) if (key.startsWith(prefix)) out.push(key.slice(prefix.length));
  return out;
}

/**
 * Calls `visit` for what the builder copies for these matches, in snapshot
 * order: a file source itself; a directory source, itself and all it
 * contains. Callbacks instead of a list: on a 20,000-file `COPY . .` the
 * list of SelectedFile objects alone was ~5 ms and as much again in GC.
 */
export function forEachSelected(ctx: ContextSnapshot, matches: readonly SourceMatch[], visit: (source: string, rel: string, entry: ContextEntry) => void): void {
  for (const m of matches) {
    const own = m.resolved === '' ? undefined : ctx.entries.get(m.resolved);
    if (own !== undefined) visit(m.path, '', own);
    if (m.type !== 'dir') continue;
    // forEach, not for-of: no [key, entry] pair per entry (WalkEntries, context/walk-entries.ts, makes one each).
    ctx.entries.forEach((entry, key) => {
      const rel = key === m.resolved ? null : relIn(m, key);
      if (rel !== null) visit(m.path, rel, entry);
    });
  }
}

/**
 * Where the context path `key` lands among what match `m` copies: '' for the
 * source itself, its path inside a directory source, null when `m` does not
 * copy it. The one rule forEachSelected, patchFingerprints and restrictedFingerprints share.
 */
export function relIn(m: SourceMatch, key: string): string | null {
  const dir = m.resolved;
  if (dir === '') return m.type === 'dir' ? key : null; // The context root is no entry of its own.
  if (key === dir) return '';
  if (m.type !== 'dir' || key.length <= dir.length || key.charCodeAt(dir.length) !== SLASH || !key.startsWith(dir)) return null;
  return key.slice(dir.length + 1);
}

const SLASH = 0x2f;

/** What the builder copies for these matches (see forEachSelected). */
export function selectFiles(ctx: ContextSnapshot, matches: readonly SourceMatch[]): SelectedFile[] {
  const out: SelectedFile[] = [];
  forEachSelected(ctx, matches, (source, rel, entry) => out.push({ source, rel, entry }));
  return out;
}

export interface FingerprintOptions {
  /** false: a directory is just `d`, without its mode (BuildKit's content checksum ignores it; recorded: dir-mode-change). */
  readonly dirModes: boolean;
}

const WITH_DIR_MODES: FingerprintOptions = { dirModes: true };

/** Named path → short fingerprint (`f:644:<digest>`, `d:755`, `l:777:<target>`), storable as JSON and diffable later. */
export function fingerprintSelection(selected: readonly SelectedFile[], opts: FingerprintOptions = WITH_DIR_MODES): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of selected) out[namedPath(s.source, s.rel)] = fingerprint(s.entry, opts);
  return out;
}

/**
 * fingerprintSelection(selectFiles(ctx, matches), opts) in one pass, the
 * form key derivation uses: on a 20,000-file `COPY . .` it takes ~5 ms where
 * building the list and then a second record without dir modes took ~22 ms.
 * `names`, when given, receives each path as it is set, in visit order (the
 * record's own order, without listing its keys again).
 */
export function fingerprintMatches(ctx: ContextSnapshot, matches: readonly SourceMatch[], opts: FingerprintOptions, names?: string[]): Record<string, string> {
  const list = fingerprintList(ctx, matches, opts);
  names?.push(...list.names);
  return fingerprintRecord(list);
}

/** A selection as it is visited: each named path and its fingerprint, in visit order (a path named twice, twice). */
export interface FingerprintList {
  readonly names: readonly string[];
  readonly fingerprints: readonly string[];
  /** The names are in strictly ascending string order, known without comparing them (ascendingByWalk). */
  readonly ascending: boolean;
}

/**
 * The selection as two arrays, no record: a record of 20,000 paths is an
 * object in dictionary mode, and setting its keys was most of a `COPY . .`
 * selection's time; a plan whose digest text is made from the list
 * (key/describe's listDigestText) needs the record only if it reads it.
 */
export function fingerprintList(ctx: ContextSnapshot, matches: readonly SourceMatch[], opts: FingerprintOptions): FingerprintList {
  const names: string[] = [];
  const fingerprints: string[] = [];
  forEachSelected(ctx, matches, (source, rel, entry) => {
    names.push(namedPath(source, rel));
    fingerprints.push(fingerprint(entry, opts));
  });
  return { names, fingerprints, ascending: ascendingByWalk(ctx, matches) };
}

/**
 * Whether the names a selection of these matches visits are in string order
 * by construction: one directory match (its own name, then its prefix with
 * each path below it, in snapshot order) over entries the walk knew to be in
 * string order (WalkEntries.inStringOrder). Otherwise unknown (false), and
 * the digest text compares them.
 */
function ascendingByWalk(ctx: ContextSnapshot, matches: readonly SourceMatch[]): boolean {
  const only = matches.length === 1 ? matches[0] : undefined;
  return only?.type === 'dir' && ctx.entries instanceof WalkEntries && ctx.entries.inStringOrder;
}

/** The record of a list: each path with its last fingerprint, in the order the paths first came. */
export function fingerprintRecord(list: FingerprintList): Record<string, string> {
  const out: Record<string, string> = {};
  const { names, fingerprints } = list;
  for (let i = 0; i < names.length; i++) out[names[i] as string] = fingerprints[i] as string;
  return out;
}

/**
 * fingerprintMatches for a snapshot that is the one `base` was made from
 * with only the entries `changed` replaced, each a file there and here (so
 * every source resolves to the same matches and selects the same paths):
 * `base` (its keys in `order`, its own order) with the changed entries'
 * fingerprints put in. `changed` gives the paths set, in no order. A copy
 * plus O(changed) instead of a fingerprint per entry; when no changed entry
 * is selected, `base` itself.
 */
export function patchFingerprints(base: Fingerprints, order: readonly string[], matches: readonly SourceMatch[], changed: readonly ContextEntry[], opts: FingerprintOptions): { files: Fingerprints; changed: string[] } {
  const updates: [string, string][] = [];
  for (const entry of changed) {
    for (const m of matches) {
      const rel = relIn(m, entry.path);
      if (rel !== null) updates.push([namedPath(m.path, rel), fingerprint(entry, opts)]);
    }
  }
  if (updates.length === 0) return { files: base, changed: [] };
  const out: Record<string, string> = {};
  for (const name of order) out[name] = base[name] as string;
  for (const [name, fp] of updates) out[name] = fp;
  return { files: out, changed: updates.map(([name]) => name) };
}

/** A selected entry by the path the source names it with. */
export function namedPath(source: string, rel: string): string {
  return source === '' ? rel : rel === '' ? source : `${source}/${rel}`;
}

/** One entry's fingerprint, as fingerprintMatches gives it. */
export function fingerprint(e: ContextEntry, opts: FingerprintOptions): string {
  switch (e.type) {
    case 'file':
      // The two modes git knows as constants: one string joined per file instead of a mode formatted and a template.
      return (e.mode === 0o644 ? 'f:644:' : e.mode === 0o755 ? 'f:755:' : `f:${e.mode.toString(8)}:`) + e.digest;
    case 'dir':
      return opts.dirModes ? `d:${e.mode.toString(8)}` : 'd';
    case 'symlink':
      return `l:${e.mode.toString(8)}:${e.linkTarget ?? ''}`;
    default:
      return assertNever(e.type);
  }
}

