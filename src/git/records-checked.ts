/**
 * Which recorded selections have been checked against the tree their build
 * was made from (app/shared-patched.ts), kept in the git dir
 * (`layerplan/checked-selections`, a line per check), so the next
 * `check --against` plans from them without reading the context again.
 *
 * A check compares a shared build's selection for one source with what the
 * commit's tree selects for it: the same names, each with the same type
 * and mode. Its answer is a function of what the key names and nothing
 * else: the commit (every file, mode and ignore file of its tree), the
 * context folder and Dockerfile (which ignore files apply), the builder
 * (its rules), the source and whether wildcards expand, and the selection
 * digest (the recorded names and fingerprints). So an entry never goes
 * stale, like the blob digests beside it; the file is capped (CAP lines,
 * the newest kept) since old commits' entries are never asked for again.
 * Each line keeps what the check found the source to match, which is all
 * the plan needs of the tree to put the staged edits in.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceMatch } from '../context/sources.js';
import type { Builder } from '../key/index.js';

const FILE = path.join('layerplan', 'checked-selections');

/** What a check is of: see the module comment. Paths repository-relative. */
export interface SelectionCheck {
  readonly commit: string;
  readonly context: string;
  readonly dockerfile: string;
  readonly builder: Builder;
  readonly source: string;
  readonly wildcards: boolean;
  readonly digest: string;
}

/** The checks found to hold, by key (checkKey), with the matches each source resolved to. */
export type CheckedSelections = ReadonlyMap<string, readonly SourceMatch[]>;

export function checkKey(c: SelectionCheck): string {
  const fields = [c.commit, c.context, c.dockerfile, c.builder, c.source, c.wildcards ? '*' : '', c.digest];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 32);
}

/** The cache's entries; empty when there is none (or it cannot be read). A torn or foreign line is skipped. */
export function readChecked(gitDir: string): Map<string, readonly SourceMatch[]> {
  const out = new Map<string, readonly SourceMatch[]>();
  let text: string;
  try {
    text = readFileSync(path.join(gitDir, FILE), 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    const matches = parseLine(line);
    if (matches) out.set(line.slice(0, 32), matches);
  }
  return out;
}

function parseLine(line: string): readonly SourceMatch[] | null {
  if (line.length < 35 || line.charCodeAt(32) !== 0x20 || !/^[0-9a-f]{32}$/.test(line.slice(0, 32))) return null;
  try {
    const matches = JSON.parse(line.slice(33)) as unknown;
    return Array.isArray(matches) && matches.every(isMatch) ? (matches as SourceMatch[]) : null;
  } catch {
    return null;
  }
}

function isMatch(m: unknown): m is SourceMatch {
  const o = m as Partial<SourceMatch> | null;
  return !!o && typeof o.path === 'string' && typeof o.resolved === 'string' && (o.type === 'file' || o.type === 'dir');
}

/** Checks kept at most; past it the file is rewritten with the newest half. */
export const CAP = 4000;

/**
 * Adds checks that held (key → matches); `known`: the entries read this run. Appended in one write
 * (two hooks at once interleave whole lines); a read-only git dir only costs the next run the check again.
 */
export function writeChecked(gitDir: string, known: ReadonlyMap<string, readonly SourceMatch[]>, add: ReadonlyMap<string, readonly SourceMatch[]>): void {
  const fresh = [...add].filter(([key]) => !known.has(key));
  if (!fresh.length) return;
  const file = path.join(gitDir, FILE);
  const line = ([key, matches]: [string, readonly SourceMatch[]]): string => `${key} ${JSON.stringify(matches.map((m) => ({ path: m.path, resolved: m.resolved, type: m.type })))}\n`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    if (known.size + fresh.length <= CAP) {
      appendFileSync(file, fresh.map(line).join(''));
      return;
    }
    const kept = [...known].slice(Math.max(0, known.size - CAP / 2));
    writeFileSync(`${file}.${process.pid}.tmp`, [...kept, ...fresh].map(line).join(''));
    renameSync(`${file}.${process.pid}.tmp`, file);
  } catch {
    // As above: the cache is an optimisation only.
  }
}
