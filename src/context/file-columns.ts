/**
 * Where a context's files ended up once settled: each kept file's stamp,
 * digest and path is in a row of the stat cache (its digest still fresh) or
 * of one of the file tables (read, hash-files.ts). From those columns come
 * the snapshot's entries and the next stat cache, without an object per file
 * in between.
 */
import { relsText, Settled, type FileTable } from './hash-files.js';
import { DIGEST_CHARS, STAMP_FIELDS, type CacheColumns, type StatCache } from './stat-cache.js';
import type { ContextEntry } from './types.js';
import { WalkEntries } from './walk-entries.js';

/** What the walk keeps, in its order: a directory's or symlink's entry, or a regular file's number (its index among the kept files). */
export type Slot = ContextEntry | number;

/** Per kept file, where its entry comes from: its cache row (>= 0), or -1 - its index among the files read. */
export type Sources = Int32Array;

/** The index of the table holding the context's file number `index` (tables come in walk order), or -1. */
export function tableIndexOf(tables: readonly FileTable[], index: number): number {
  let lo = 0;
  let hi = tables.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tables[mid] as FileTable;
    if (index < t.first) hi = mid - 1;
    else if (index >= t.first + t.rels.length) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** The columns of the cache's rows and of the tables of the files read. */
export class FileColumns {
  readonly cachedStamps: Float64Array;
  readonly cachedDigests: Buffer;
  private cachedDigestText: string | null = null;
  private readonly tableDigests = new Map<FileTable, string>();
  /** The table of the last lookup: files are looked up in walk order, so mostly the same one as last time. */
  private last = 0;

  constructor(
    readonly cache: StatCache,
    readonly tables: readonly FileTable[],
  ) {
    this.cachedStamps = new Float64Array(cache.shared.stamps);
    this.cachedDigests = Buffer.from(cache.shared.digests);
  }

  /** The table holding a file read (source -1 - its index among them). */
  tableOf(source: number): FileTable {
    const index = -1 - source;
    const last = this.tables[this.last];
    if (last !== undefined && index >= last.first && index < last.first + last.rels.length) return last;
    this.last = tableIndexOf(this.tables, index);
    return this.tables[this.last] as FileTable;
  }

  /** What became of a file read (its row in its table's states). */
  stateOf(source: number): Settled {
    const t = this.tableOf(source);
    return t.states[-1 - source - t.first] as Settled;
  }

  /** A file's entry from its source. */
  entry(source: number): ContextEntry {
    if (source >= 0) {
      this.cachedDigestText ??= this.cachedDigests.toString('latin1');
      return fileEntry(this.cache.paths[source] as string, this.cachedStamps, source, this.cachedDigestText);
    }
    const t = this.tableOf(source);
    let digests = this.tableDigests.get(t);
    if (digests === undefined) this.tableDigests.set(t, (digests = t.digests.toString('latin1')));
    const i = -1 - source - t.first;
    return fileEntry(t.rels[i] as string, t.stamps, i, digests);
  }
}

/**
 * The sources of the files still there, in walk order, and whether any file
 * was read (not taken from the cache): a file that vanished (or became
 * something else) while we walked is dropped.
 */
export function presentFiles(sources: Sources, columns: FileColumns): { present: Int32Array; read: boolean } {
  const present = new Int32Array(sources.length);
  let n = 0;
  let read = false;
  for (const source of sources) {
    if (source < 0) {
      const state = columns.stateOf(source);
      if (state === Settled.Gone) continue;
      read ||= state === Settled.Read;
    }
    present[n++] = source;
  }
  return { present: present.subarray(0, n), read };
}

/**
 * The snapshot's entries in walk order: the directories and symlinks as the
 * walk made them, each file's made whole from its columns (storing a size
 * into an entry made with size 0 changed the field's representation and
 * cost V8 a migration per entry, ~30 ms for 20,000 files), a vanished file
 * left out. In arrays read as a map (walk-entries.ts), not a Map;
 * `stringOrder`: the walk knew its order to be string order too.
 */
export function entriesOf(slots: readonly Slot[], sources: Sources, columns: FileColumns, stringOrder = false): WalkEntries {
  const paths: string[] = [];
  const list: ContextEntry[] = [];
  for (const slot of slots) {
    if (typeof slot !== 'number') {
      paths.push(slot.path);
      list.push(slot);
      continue;
    }
    const source = sources[slot] as number;
    if (source < 0 && columns.stateOf(source) === Settled.Gone) continue;
    const e = columns.entry(source);
    paths.push(e.path);
    list.push(e);
  }
  return new WalkEntries(paths, list, stringOrder);
}

/** A file's entry from row `i` of stamp and digest columns. */
function fileEntry(rel: string, stamps: Float64Array, i: number, digests: string): ContextEntry {
  const at = i * STAMP_FIELDS;
  return { path: rel, type: 'file', mode: (stamps[at + 4] ?? 0) & 0o7777, size: stamps[at] ?? 0, digest: digests.slice(i * DIGEST_CHARS, (i + 1) * DIGEST_CHARS) };
}

/**
 * The cache columns of the present files, in walk order. Copied a run at a
 * time (rows that follow each other in the cache or in one table): in a
 * cold plan every file is in a run of its table's, so 20 copies where a
 * copy per file (two per file, in fact) took ~25 ms of 20,000 files.
 */
export function columnsOf(present: Int32Array, columns: FileColumns): CacheColumns {
  const n = present.length;
  const out = { rels: new Array<string>(n), stamps: new Float64Array(n * STAMP_FIELDS), digests: Buffer.allocUnsafe(n * DIGEST_CHARS) };
  const texts: string[] = []; // The paths' text, a run at a time: a whole table's or the whole cache's is already joined.
  for (let k = 0; k < n; ) {
    const source = present[k] as number;
    if (source >= 0) {
      const { cache } = columns;
      const end = runEnd(present, k, 1, cache.size - source);
      copyRows(out, k, columns.cachedStamps, columns.cachedDigests, cache.paths, source, end - k);
      texts.push(end - k === cache.size ? cache.pathText : runText(cache.paths, source, end - k));
      k = end;
      continue;
    }
    const t = columns.tableOf(source);
    const i = -1 - source - t.first;
    const end = runEnd(present, k, -1, t.rels.length - i);
    copyRows(out, k, t.stamps, t.digests, t.rels, i, end - k);
    texts.push(end - k === t.rels.length ? `${relsText(t)}\0` : runText(t.rels, i, end - k));
    k = end;
  }
  return { ...out, pathText: texts.join('') };
}

/** `count` paths from `from`, each followed by \0. */
function runText(rels: readonly string[], from: number, count: number): string {
  return `${rels.slice(from, from + count).join('\0')}\0`;
}

/** Where the run of sources from `k` ends: each `step` from the one before, at most `max` long. */
function runEnd(present: Int32Array, k: number, step: 1 | -1, max: number): number {
  const limit = Math.min(present.length, k + max);
  let end = k + 1;
  while (end < limit && present[end] === (present[end - 1] as number) + step) end++;
  return end;
}

/** Copies `count` rows from `from` of one origin's columns to the output's rows from `at`. */
function copyRows(out: { rels: string[]; stamps: Float64Array; digests: Buffer }, at: number, stamps: Float64Array, digests: Buffer, rels: readonly string[], from: number, count: number): void {
  out.stamps.set(stamps.subarray(from * STAMP_FIELDS, (from + count) * STAMP_FIELDS), at * STAMP_FIELDS);
  digests.copy(out.digests, at * DIGEST_CHARS, from * DIGEST_CHARS, (from + count) * DIGEST_CHARS);
  for (let j = 0; j < count; j++) out.rels[at + j] = rels[from + j] as string;
}
