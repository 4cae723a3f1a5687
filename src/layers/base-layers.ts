/**
 * A FROM image's own layers as the plan reports them: each diff id with the
 * size and the instruction that made it, and whether the image is already in
 * the local engine or the build pulls it. Pure: it reads the engine's answer.
 */
import type { BaseResolution, EngineHistoryRow } from '../engine/index.js';
import { parseCreatedBy } from '../parse/created-by.js';

export interface BaseLayer {
  /** "sha256:…" from rootfs.diff_ids: the same layer in two images has the same diff id. */
  readonly diffId: string;
  /** Uncompressed bytes; null when the history could not be paired with the layers. */
  readonly size: number | null;
  /** The history entry's `created_by`; null when unpaired. */
  readonly createdBy: string | null;
}

/** What the plan knows of one FROM image. */
export interface BaseNote {
  /** The reference as the stage names it (after ARG expansion). */
  readonly ref: string;
  /** Image id when the engine identified it. */
  readonly id: string | null;
  /** Why the id is unknown, in words; null when the engine identified the image. */
  readonly note: string | null;
  /** true: in the local engine (reused); false: the engine has none (the build pulls it); null: no engine answered, or it failed. */
  readonly present: boolean | null;
  /** Bottom layer first, when the engine knew the image; null otherwise. */
  readonly layers: readonly BaseLayer[] | null;
  /** Why `layers` is null, short and the same for every image the same failure hides (no engine, engine error, to pull). */
  readonly layersNote: string | null;
}

export function toBaseNote(ref: string, r: BaseResolution): BaseNote {
  if (!('unavailable' in r)) return { ref, id: r.id, note: null, present: true, layers: pairBaseLayers(r.diffIds, r.history), layersNote: null };
  const u = r.unavailable;
  if (u.kind === 'not-found') return { ref, id: null, note: u.message, present: false, layers: null, layersNote: 'not in the local engine: known once pulled' };
  return unknownBase(ref, u.message, u.why);
}

/** A base nobody could ask about: no engine, an engine error, or lookups turned off. */
export function unknownBase(ref: string, note: string, why: string): BaseNote {
  return { ref, id: null, note, present: null, layers: null, layersNote: why };
}

/** Whether a history row made a layer: metadata rows never do; a row with bytes always does; the rest depend on their diff. */
type RowKind = 'layer' | 'empty' | 'maybe';

/**
 * Pairs `docker history` rows (oldest first) with rootfs.diff_ids. Rows that
 * made a layer pair 1:1, in order, with the diff ids (cache-semantics.md
 * §10), but the Engine's history endpoint drops the `empty_layer` flag and
 * reports 0 bytes for both metadata rows and empty layers (BuildKit keeps a
 * `RUN true` or `WORKDIR /app` layer of 0 bytes; the legacy builder drops
 * it). So: rows with bytes are layers, metadata rows are not, and the
 * 0-byte RUN/COPY/ADD/WORKDIR rows are layers exactly when the counts say
 * all or none of them are. Otherwise the layers keep their ids, with size
 * and instruction unknown, rather than a pairing that might be wrong.
 */
export function pairBaseLayers(diffIds: readonly string[], history: readonly EngineHistoryRow[]): BaseLayer[] {
  const kinds = history.map(rowKind);
  const sure = kinds.filter((k) => k === 'layer').length;
  const maybe = kinds.filter((k) => k === 'maybe').length;
  const missing = diffIds.length - sure;
  if (missing !== 0 && missing !== maybe) return diffIds.map((diffId) => ({ diffId, size: null, createdBy: null }));
  const rows = history.filter((_, i) => kinds[i] === 'layer' || (missing > 0 && kinds[i] === 'maybe'));
  return diffIds.map((diffId, i) => ({ diffId, size: rows[i]!.size, createdBy: rows[i]!.createdBy }));
}

function rowKind(row: EngineHistoryRow): RowKind {
  if (row.size > 0) return 'layer';
  const { keyword, args } = parseCreatedBy(row.createdBy);
  if (keyword === 'WORKDIR') return args === '/' ? 'empty' : 'maybe';
  return keyword === '' || keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD' ? 'maybe' : 'empty';
}

/** Sum of the layer sizes, or null when any is unknown. */
export function knownSize(layers: readonly BaseLayer[]): number | null {
  let total = 0;
  for (const l of layers) {
    if (l.size === null) return null;
    total += l.size;
  }
  return total;
}
