/**
 * Context files by name, for the manifest rules. LP101, LP110 and `fix` all
 * ask which `package.json` files a context holds; asking with a regex
 * basename of every path, once per rule and stage, was ~45 ms of a
 * `check --staged` over 20,000 files. Here a name is looked for once per
 * snapshot, by comparing path endings (no string built per path), and the
 * answer is kept for the next rule.
 */
import type { ContextSnapshot } from '../context/types.js';
import { matchesName } from './expense.js';

type Entries = ContextSnapshot['entries'];

/**
 * Per snapshot, per name pattern. Keyed by the entries map, which nothing
 * changes once a snapshot is built, so a kept answer cannot go stale; the
 * memo goes when the snapshot does.
 */
const found = new WeakMap<Entries, Map<string, readonly string[]>>();

/**
 * Entries that find their files of one name without a pass over every path
 * (a snapshot read from git: git/tree-entries.ts); null: they cannot for
 * this name, scan them.
 */
export interface FilesByName {
  filesNamed(name: string): readonly string[] | null;
}

/** Every file of the snapshot whose last path segment matches `pattern` (a name, or a glob with `*`), in snapshot order. */
export function filesNamed(snapshot: ContextSnapshot, pattern: string): readonly string[] {
  let byPattern = found.get(snapshot.entries);
  if (!byPattern) found.set(snapshot.entries, (byPattern = new Map()));
  let files = byPattern.get(pattern);
  if (!files) byPattern.set(pattern, (files = byName(snapshot.entries, pattern) ?? scan(snapshot.entries, pattern)));
  return files;
}

function byName(entries: Entries, pattern: string): readonly string[] | null {
  const own = (entries as Partial<FilesByName>).filesNamed;
  return typeof own === 'function' && !pattern.includes('*') ? own.call(entries, pattern) : null;
}

/**
 * Runs once per name over every path, cold (interpreted): the path is
 * tested first, without building a string or entry pair, and only the few
 * that match are looked up. Entry paths never end in `/`, so the last
 * segment is what follows the last one.
 */
function scan(entries: Entries, pattern: string): string[] {
  const out: string[] = [];
  const glob = pattern.includes('*');
  for (const p of entries.keys()) {
    const named = glob ? matchesName(pattern, p.slice(p.lastIndexOf('/') + 1)) : p.endsWith(pattern) && (p.length === pattern.length || p.charCodeAt(p.length - pattern.length - 1) === SLASH);
    if (named && entries.get(p)?.type === 'file') out.push(p);
  }
  return out;
}

const SLASH = 0x2f;

/** The `files` directly in the folder `prefix` names (`''` for the top, else `dir/`). */
export function inFolder(files: readonly string[], prefix: string): string[] {
  return files.filter((p) => p.startsWith(prefix) && p.indexOf('/', prefix.length) === -1);
}

/** The `files` below the folder `prefix` names, in a subfolder of it. */
export function belowFolder(files: readonly string[], prefix: string): string[] {
  return files.filter((p) => p.startsWith(prefix) && p.indexOf('/', prefix.length) !== -1);
}
