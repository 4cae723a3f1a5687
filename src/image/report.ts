import type { Compression } from './decompress.js';
import type { DockerfileStep } from './dockerfile-steps.js';
import { stackLayers, type FileChange, type WastedPath } from './layer-changes.js';
import { matchHistory, type StepMatch } from './match-history.js';
import { parseCreatedBy } from '../parse/created-by.js';
import type { ImageSource, ParsedImage } from './types.js';

/**
 * What `layerplan inspect` shows, as data a text, JSON or TUI view can use:
 * the history like `docker history` (oldest first), each layer's file
 * changes, and the space later layers waste.
 */
export interface ImageReport {
  readonly schemaVersion: 1;
  readonly image: {
    readonly id: string;
    readonly repoTags: readonly string[];
    readonly source: ImageSource;
    readonly os?: string;
    readonly architecture?: string;
    readonly created?: string;
  };
  readonly summary: ImageSummary;
  readonly history: readonly HistoryRow[];
  readonly layers: readonly LayerReport[];
  /** Paths whose bytes are hidden by a later layer, most wasted first. */
  readonly wasted: readonly WastedPath[];
  /** Set when the report was lined up with a Dockerfile. */
  readonly dockerfile?: { readonly path: string };
  readonly warnings: readonly string[];
}

export interface ImageSummary {
  readonly layerCount: number;
  readonly historyCount: number;
  /** Uncompressed size of all layers. */
  readonly size: number;
  readonly storedSize: number;
  /** Bytes of files across all layers; `wastedBytes` of them are hidden in the final image. */
  readonly fileBytes: number;
  readonly wastedBytes: number;
  /** Share of file bytes still visible in the final image (1 = nothing wasted). */
  readonly efficiency: number;
}

export interface HistoryRow {
  readonly index: number;
  readonly created?: string;
  readonly createdBy: string;
  /** `created_by` read back as an instruction ("RUN echo hi"). */
  readonly instruction: string;
  readonly comment?: string;
  readonly emptyLayer: boolean;
  /** Index into `layers` for entries that added one. */
  readonly layer?: number;
  readonly match?: StepMatch;
}

export interface LayerReport {
  readonly index: number;
  readonly digest: string;
  readonly diffId: string;
  readonly compression: Compression;
  readonly storedSize: number;
  readonly size: number;
  /** Index into `history` of the entry that made this layer. */
  readonly history?: number;
  readonly changes: readonly FileChange[];
  readonly counts: { readonly added: number; readonly modified: number; readonly deleted: number };
  readonly fileBytes: number;
  readonly wastedBytes: number;
}

export interface ReportOptions {
  /** Dockerfile steps to line history up with, and the file they came from. */
  readonly dockerfile?: { readonly path: string; readonly steps: readonly DockerfileStep[] };
}

export function buildImageReport(image: ParsedImage, options: ReportOptions = {}): ImageReport {
  const warnings: string[] = [];
  const history = pairHistory(image, warnings);
  const matches = options.dockerfile ? matchHistory(history.map((h) => h.createdBy), options.dockerfile.steps) : undefined;
  const rows = history.map((h, i) => (matches ? { ...h, match: matches[i]! } : h));
  const overlay = stackLayers(image.layers.map((l) => l.entries));
  const layers = image.layers.map((l, i): LayerReport => {
    const o = overlay.layers[i]!;
    const historyIndex = rows.findIndex((r) => r.layer === i);
    return {
      index: i,
      digest: l.digest,
      diffId: l.diffId,
      compression: l.compression,
      storedSize: l.storedSize,
      size: l.size,
      ...(historyIndex >= 0 ? { history: historyIndex } : {}),
      changes: o.changes,
      counts: countChanges(o.changes),
      fileBytes: o.fileBytes,
      wastedBytes: o.wastedBytes,
    };
  });
  const fileBytes = sum(layers.map((l) => l.fileBytes));
  const wastedBytes = sum(layers.map((l) => l.wastedBytes));
  const { config } = image;
  return {
    schemaVersion: 1,
    image: {
      id: image.id,
      repoTags: image.repoTags,
      source: image.source,
      ...(config.os ? { os: config.os } : {}),
      ...(config.architecture ? { architecture: config.architecture } : {}),
      ...(config.created ? { created: config.created } : {}),
    },
    summary: {
      layerCount: layers.length,
      historyCount: rows.length,
      size: sum(layers.map((l) => l.size)),
      storedSize: sum(layers.map((l) => l.storedSize)),
      fileBytes,
      wastedBytes,
      efficiency: fileBytes === 0 ? 1 : (fileBytes - wastedBytes) / fileBytes,
    },
    history: rows,
    layers,
    wasted: overlay.wasted,
    ...(options.dockerfile ? { dockerfile: { path: options.dockerfile.path } } : {}),
    warnings,
  };
}

/**
 * Non-empty history entries pair 1:1, in order, with the layers. Images
 * without history for every layer (`docker import`, hand-made) get rows
 * saying so rather than a wrong pairing.
 */
function pairHistory(image: ParsedImage, warnings: string[]): HistoryRow[] {
  const rows: HistoryRow[] = [];
  let next = 0;
  for (const h of image.config.history) {
    const takesLayer = !h.emptyLayer && next < image.layers.length;
    rows.push({
      index: rows.length,
      ...(h.created ? { created: h.created } : {}),
      createdBy: h.createdBy,
      instruction: describe(h.createdBy),
      ...(h.comment ? { comment: h.comment } : {}),
      emptyLayer: h.emptyLayer,
      ...(takesLayer ? { layer: next++ } : {}),
    });
  }
  const nonEmpty = image.config.history.filter((h) => !h.emptyLayer).length;
  if (image.config.history.length > 0 && nonEmpty !== image.layers.length) {
    warnings.push(`the config has ${nonEmpty} history entries with a layer but the image has ${image.layers.length} layers; the pairing of history and layers may be off`);
  }
  while (next < image.layers.length) {
    rows.push({ index: rows.length, createdBy: '', instruction: '(no history entry)', emptyLayer: false, layer: next++ });
  }
  return rows;
}

function describe(createdBy: string): string {
  const parsed = parseCreatedBy(createdBy);
  return parsed.keyword === '' ? '' : `${parsed.keyword} ${parsed.args}`.trim();
}

function countChanges(changes: readonly FileChange[]): LayerReport['counts'] {
  const counts = { added: 0, modified: 0, deleted: 0 };
  for (const c of changes) counts[c.kind]++;
  return counts;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
