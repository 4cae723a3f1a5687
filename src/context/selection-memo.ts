/**
 * Remembered selection digests: for one context root and Dockerfile, what
 * each COPY/ADD source selected (its digest and size) in a snapshot with a
 * given identity (ContextSnapshot.identity) and Dockerfile text. Planning the
 * same snapshot and Dockerfile again then hashes no 20,000-entry selection.
 *
 * An optimisation, never a record (as the stat cache beside it): a missing,
 * corrupt or foreign file is silently empty, a failed write is ignored, and
 * answers are given only under the exact `under` they were written with, so
 * a changed, added or removed file (a new stat-cache generation), directory,
 * symlink, ignore file or Dockerfile never sees them. I/O edge.
 */
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Fingerprints, HashFn, KnownDigest } from '../key/types.js';

// 2: a selection of at most one entry is kept with its fingerprints; a version-1 memo (never rewritten while
// nothing changes) would leave an unchanged re-plan making every entry to read them, so it is not read.
const VERSION = 2;

/**
 * A remembered selection: its digest and entry count, and, for a selection
 * of at most one entry, its fingerprints, which the key derivation reads to
 * see whether a COPY brings one file (key/stage-files.ts); remembered, they
 * spare an unchanged re-plan the snapshot's entries altogether.
 */
export interface Remembered extends KnownDigest {
  readonly files?: Fingerprints;
}

/** Selections of at most this many entries are remembered with their fingerprints. */
export const FILES_KEPT_UP_TO = 1;

export interface SelectionMemo {
  /** Where it is kept; null: nowhere (nothing is remembered). */
  readonly file: string | null;
  /** The snapshot identity and Dockerfile text hash the answers belong to. */
  readonly under: string;
  /** Answers read from the file, written under the same `under`. */
  readonly known: ReadonlyMap<string, Remembered>;
  /** Answers computed in this run (written back when any is new). */
  readonly learned: Map<string, Remembered>;
}

/** A memo that knows nothing and keeps nothing: for a snapshot without an identity. */
export const NO_MEMO: SelectionMemo = { file: null, under: '', known: new Map(), learned: new Map() };

/** The memo of a root and Dockerfile under the snapshot's identity; empty when there is none or it was written under another. */
export function readSelectionMemo(dir: string, root: string, dockerfile: string, under: string, hash: HashFn): SelectionMemo {
  const file = join(dir, `selections-${hash(`${root}\0${dockerfile}`)}.json`);
  return { file, under, known: readAnswers(file, under), learned: new Map() };
}

function readAnswers(file: string, under: string): Map<string, Remembered> {
  const known = new Map<string, Remembered>();
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; under?: unknown; answers?: unknown };
    if (data.version !== VERSION || data.under !== under || !Array.isArray(data.answers)) return known;
    for (const a of data.answers as unknown[]) {
      if (!Array.isArray(a)) continue;
      const [id, digest, count, files] = a as unknown[];
      if (typeof id !== 'string' || typeof digest !== 'string' || typeof count !== 'number') continue;
      known.set(id, isFingerprints(files) && Object.keys(files).length === count ? { digest, count, files } : { digest, count });
    }
  } catch {
    // No memo yet, or an unreadable one: nothing is known.
  }
  return known;
}

function isFingerprints(v: unknown): v is Fingerprints {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((f) => typeof f === 'string');
}

/** Writes the memo when this run learnt something it did not hold (atomically: temp file, then rename); errors are ignored. */
export function writeSelectionMemo(memo: SelectionMemo): void {
  if (memo.file === null || ![...memo.learned.keys()].some((id) => !memo.known.has(id))) return;
  const answers = [...new Map([...memo.known, ...memo.learned])].map(([id, a]) => (a.files ? [id, a.digest, a.count, a.files] : [id, a.digest, a.count]));
  const tmp = `${memo.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dirname(memo.file), { recursive: true });
    writeFileSync(tmp, JSON.stringify({ version: VERSION, under: memo.under, answers }));
    renameSync(tmp, memo.file);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // Nothing was written.
    }
  }
}
