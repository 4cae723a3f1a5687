/**
 * What is known about a FROM image's own layers, for the views: reused from
 * the local image store, to be pulled, or unknown (no engine to ask).
 */
import type { BaseResolution } from '../../engine/index.js';
import type { BaseNote } from '../../layers/base-layers.js';
import { bytes } from '../format.js';
import { oneLine } from '../reason-text.js';
import { assertNever } from '../../lang/assert-never.js';

export interface BaseLayer {
  readonly createdBy: string;
  /** Bytes the layer adds; 0 for metadata-only rows. */
  readonly size: number;
}

export type BaseInfo =
  | { readonly kind: 'local'; readonly id: string; readonly size: number; readonly layers: readonly BaseLayer[] }
  | { readonly kind: 'pull'; readonly why: string }
  | { readonly kind: 'unknown'; readonly why: string };

/** FROM reference (as written) → what the engine said about it. */
export type BaseInfoMap = ReadonlyMap<string, BaseInfo>;

export function toBaseInfo(r: BaseResolution): BaseInfo {
  if ('unavailable' in r) return r.unavailable.kind === 'not-found' ? { kind: 'pull', why: r.unavailable.message } : { kind: 'unknown', why: r.unavailable.message };
  return { kind: 'local', id: r.id, size: r.size, layers: r.history.map((h) => ({ createdBy: h.createdBy, size: h.size })) };
}

/** The planner's note on a base (it already asked the engine), for the views. */
export function fromBaseNote(note: BaseNote): BaseInfo {
  if (note.present === true && note.id) {
    const layers = (note.layers ?? []).map((l) => ({ createdBy: l.createdBy ?? '', size: l.size ?? 0 }));
    return { kind: 'local', id: note.id, size: layers.reduce((n, l) => n + l.size, 0), layers };
  }
  const why = note.note ?? note.layersNote ?? 'unknown';
  return note.present === false ? { kind: 'pull', why } : { kind: 'unknown', why };
}

/** `docker.io/library/node:20` → `node:20`, as docker prints it. */
export function familiarRef(ref: string): string {
  return ref.replace(/^docker\.io\/(library\/)?/, '');
}

/** One line under the FROM step. */
export function baseSummary(fullRef: string, info: BaseInfo): string {
  const ref = familiarRef(fullRef);
  switch (info.kind) {
    case 'local': {
      const n = info.layers.filter((l) => l.size > 0).length;
      return `↳ ${ref}: ${n} layer${n === 1 ? '' : 's'}, ${bytes(info.size)}, local: reused`;
    }
    case 'pull':
      return `↳ ${ref}: not local: to pull`;
    case 'unknown':
      return `↳ ${ref}: layers unknown (no engine to ask)`;
    default:
      return assertNever(info);
  }
}

/** The base's layers, base first, as `docker history` lists them (bottom-up here, to match the stack). */
export function baseLayerLines(info: BaseInfo): string[] {
  if (info.kind !== 'local') return [info.why];
  return info.layers.map((l) => `${(l.size > 0 ? bytes(l.size) : '0 B').padStart(9)}  ${oneLine(l.createdBy.replace(/^\/bin\/sh -c (#\(nop\) )?/, ''))}`);
}
