/**
 * A FROM image's own layers in the TUI, from the planner's BaseNote (the one
 * description of a base every view reads): reused from the local image
 * store, to be pulled, or unknown (no engine to ask).
 */
import type { BaseNote } from '../../layers/base-layers.js';
import { bytes } from '../format.js';
import { oneLine } from '../reason-text.js';

/** FROM reference → what the engine said about it. */
export type BaseInfoMap = ReadonlyMap<string, BaseNote>;

/** The layers of a base the local engine holds; null when it is to pull or unknown. */
function localLayers(note: BaseNote): readonly { readonly size: number; readonly createdBy: string }[] | null {
  if (note.present !== true || !note.id) return null;
  return (note.layers ?? []).map((l) => ({ size: l.size ?? 0, createdBy: l.createdBy ?? '' }));
}

/** Where the build takes the base from, in words. */
export function baseSource(note: BaseNote): string {
  return localLayers(note) ? 'reused from the local image store' : note.present === false ? 'to pull' : 'unknown';
}

/** Whether the local engine holds the base (its layers are known). */
export function isLocalBase(note: BaseNote): boolean {
  return localLayers(note) !== null;
}

/** `docker.io/library/node:20` → `node:20`, as docker prints it. */
export function familiarRef(ref: string): string {
  return ref.replace(/^docker\.io\/(library\/)?/, '');
}

/** One line under the FROM step. */
export function baseSummary(fullRef: string, note: BaseNote): string {
  const ref = familiarRef(fullRef);
  const layers = localLayers(note);
  if (layers) {
    const n = layers.filter((l) => l.size > 0).length;
    return `↳ ${ref}: ${n} layer${n === 1 ? '' : 's'}, ${bytes(layers.reduce((sum, l) => sum + l.size, 0))}, local: reused`;
  }
  return note.present === false ? `↳ ${ref}: not local: to pull` : `↳ ${ref}: layers unknown (no engine to ask)`;
}

/** The base's layers, base first, as `docker history` lists them (bottom-up here, to match the stack). */
export function baseLayerLines(note: BaseNote): string[] {
  const layers = localLayers(note);
  if (!layers) return [note.note ?? note.layersNote ?? 'unknown'];
  return layers.map((l) => `${(l.size > 0 ? bytes(l.size) : '0 B').padStart(9)}  ${oneLine(l.createdBy.replace(/^\/bin\/sh -c (#\(nop\) )?/, ''))}`);
}
