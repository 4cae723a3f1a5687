/**
 * `check`'s fingerprints: a selection restricted to the entries a change
 * replaced, plus one entry standing for all the others. Pure.
 *
 * check plans the base revision and then the index against it, in memory,
 * with the base plan as the only store. When the index side's snapshot is
 * the base side's with some files' content or mode replaced (same paths,
 * same ignore file: git/side.ts `patchOf`), every other entry is the same on
 * both sides, so two selections agree in full exactly when they select the
 * same paths and agree on the replaced ones. A record of the replaced
 * entries it selects, and under REST_KEY a token naming which paths it
 * selects, decides that in O(changed) per source instead of a fingerprint
 * per entry (20,000 for a `COPY . .`), and a diff of two such records with
 * one token lists exactly the files a diff of the full records lists.
 *
 * The token is canonical: two sources get one token exactly when they
 * select the same named paths (`COPY . /x` and `COPY * /x`, which buildah
 * keys alike, included), because the keys compare only the selection. A
 * diff between records whose tokens differ names REST_KEY, which tells the
 * caller the restriction does not decide that comparison (app/check.ts then
 * plans in full). Selections a record of all entries treats specially are
 * never restricted: one file (a COPY whose content a later `COPY --from`
 * is keyed by) and selections without a regular file (keyed alike with
 * blob ids and a real build's XXH64, so they may match a real build's
 * recorded durations).
 */
import type { ContextSnapshot } from './types.js';
import { fingerprint, namedPath, relIn, type FingerprintOptions, type SourceMatch } from './sources.js';

/** The record key for the selected entries outside the restriction: no path in a context is a NUL. */
export const REST_KEY = '\0';

/**
 * The selection of `matches` restricted to the context paths `paths` (each
 * a regular file of `ctx`), with REST_KEY; null when it is not to be
 * restricted (see above): then fingerprint it in full.
 */
export function restrictedFingerprints(ctx: ContextSnapshot, matches: readonly SourceMatch[], paths: readonly string[], opts: FingerprintOptions): Record<string, string> | null {
  if (!selectsSeveral(ctx, matches) || !selectsFile(ctx, matches, paths)) return null;
  // 'r:' keeps the token apart from what withoutModes rewrites ('f:…', 'd…').
  const out: Record<string, string> = { [REST_KEY]: `r:${selectionToken(ctx, matches)}` };
  for (const p of paths) {
    const entry = ctx.entries.get(p);
    if (entry === undefined) continue;
    for (const m of matches) {
      const rel = relIn(m, p);
      if (rel !== null) out[namedPath(m.path, rel)] = fingerprint(entry, opts);
    }
  }
  return out;
}

/** More than one entry: a directory's own entry and a file below it, the whole context (when it holds two), or two matches. */
function selectsSeveral(ctx: ContextSnapshot, matches: readonly SourceMatch[]): boolean {
  const only = matches[0];
  if (matches.length !== 1 || only === undefined) return matches.length > 1;
  if (only.type === 'file') return false;
  return only.resolved !== '' || ctx.entries.size > 1;
}

/** Whether a regular file is among the selected entries; `paths` (files) are looked at first, the rest until one is found. */
function selectsFile(ctx: ContextSnapshot, matches: readonly SourceMatch[], paths: readonly string[]): boolean {
  const selected = (p: string): boolean => matches.some((m) => relIn(m, p) !== null);
  if (matches.some((m) => m.type === 'file') || paths.some((p) => ctx.entries.has(p) && selected(p))) return true;
  for (const [p, e] of ctx.entries) if (e.type === 'file' && selected(p)) return true;
  return false;
}

/**
 * Which named paths the matches select, as one string: a line per match
 * (`type:named>resolved`), Go's Glob order. A match of the context root
 * (`.`, or a link to it) is `root:` and its name; so is a wildcard that
 * matches every top-level entry by its own name, which selects the same
 * (unless a top-level entry is a symlink: the root copies it as a link, a
 * wildcard follows it).
 */
function selectionToken(ctx: ContextSnapshot, matches: readonly SourceMatch[]): string {
  const only = matches[0];
  if (matches.length === 1 && only !== undefined && only.resolved === '') return `root:${only.path}`;
  const folder = rootLikeFolder(ctx, matches);
  if (folder !== null) return `root:${folder}`;
  return matches.map((m) => `${m.type}:${m.path}>${m.resolved}`).join('\n');
}

/** The folder name a wildcard's matches sit in when they are all the top-level entries, each by its own name; else null. */
function rootLikeFolder(ctx: ContextSnapshot, matches: readonly SourceMatch[]): string | null {
  const first = matches[0];
  if (first === undefined) return null;
  const folder = first.path.slice(0, first.path.length - first.resolved.length).replace(/\/$/, '');
  const byOwnName = (m: SourceMatch): boolean => !m.resolved.includes('/') && m.path === (folder === '' ? m.resolved : `${folder}/${m.resolved}`);
  if (!matches.every(byOwnName)) return null;
  // Files alone leave a top-level folder unmatched whenever the context has a nested path (found at once, mostly).
  if (matches.every((m) => m.type === 'file') && hasNestedPath(ctx)) return null;
  const top = topLevelCount(ctx);
  return top === matches.length ? folder : null;
}

function hasNestedPath(ctx: ContextSnapshot): boolean {
  for (const p of ctx.entries.keys()) if (p.includes('/')) return true;
  return false;
}

/** How many top-level entries the context has; -1 when one is a symlink. Kept per entries map: one scan per snapshot. */
function topLevelCount(ctx: ContextSnapshot): number {
  const known = TOP_LEVEL.get(ctx.entries);
  if (known !== undefined) return known;
  let count = 0;
  for (const p of ctx.entries.keys()) {
    const e = p.includes('/') ? undefined : ctx.entries.get(p);
    if (e === undefined) continue;
    if (e.type === 'symlink') {
      count = -1;
      break;
    }
    count++;
  }
  TOP_LEVEL.set(ctx.entries, count);
  return count;
}

const TOP_LEVEL = new WeakMap<object, number>();
