/**
 * The image view's lines: the layers bottom (the base) to top, as the image
 * was built, each with its size and `created_by` (and its Dockerfile line
 * with `-f`); runs of metadata-only history entries folded into one line;
 * and a layer's detail with its files as a tree.
 */
import type { StepMatch } from '../../image/match-history.js';
import type { HistoryRow, ImageReport, LayerReport } from '../../image/report.js';
import { bytes, oneLine } from '../format.js';
import { source as imageSource } from '../image-text.js';
import type { DetailLine } from './detail-lines.js';
import { changeTree, type TreeLine } from './file-tree.js';
import type { ListNav } from './list-nav.js';
import type { Tone } from './palette.js';

export type ImageLine =
  | { readonly kind: 'layer'; readonly layer: number; readonly size: string; readonly wasted: string; readonly instruction: string; readonly source: string }
  | { readonly kind: 'folded'; readonly text: string };

/** `wastingOnly`: only the layers whose bytes later layers hide. */
export function imageLines(r: ImageReport, wastingOnly = false): ImageLine[] {
  const out: ImageLine[] = [];
  let empty: HistoryRow[] = [];
  const flush = (): void => {
    if (empty.length && !wastingOnly) out.push({ kind: 'folded', text: foldedText(empty) });
    empty = [];
  };
  for (const h of r.history) {
    const layer = h.layer === undefined ? undefined : r.layers[h.layer];
    if (!layer) {
      empty.push(h);
      continue;
    }
    flush();
    if (wastingOnly && layer.wastedBytes === 0) continue;
    out.push({
      kind: 'layer',
      layer: layer.index,
      size: bytes(layer.fileBytes),
      wasted: layer.wastedBytes > 0 ? `${bytes(layer.wastedBytes)} wasted` : '',
      instruction: oneLine(h.instruction || h.comment || '(no history entry)'),
      source: r.dockerfile ? source(h.match, r.dockerfile.path) : '',
    });
  }
  flush();
  return out;
}

/** `· 3 metadata-only entries: ENV PATH=…, CMD ["sh"], LABEL a=b` */
function foldedText(rows: readonly HistoryRow[]): string {
  const what = rows.map((h) => oneLine(h.instruction || h.comment || h.createdBy)).filter(Boolean);
  return `${rows.length} metadata-only entr${rows.length === 1 ? 'y' : 'ies'} (no layer)${what.length ? `: ${what.join(', ')}` : ''}`;
}

/** Where a layer comes from, blank when nothing matched. */
export function source(match: StepMatch | undefined, file: string): string {
  return imageSource(match, file, '');
}

export function imageNav(lines: readonly ImageLine[], page: number, r: ImageReport): ListNav {
  const layers = lines.flatMap((l) => (l.kind === 'layer' ? [l.layer] : []));
  return { rows: layers, marked: new Set(r.layers.filter((l) => l.wastedBytes > 0).map((l) => l.index)), page };
}

export function lineOfLayer(lines: readonly ImageLine[], layer: number): number {
  return Math.max(0, lines.findIndex((l) => l.kind === 'layer' && l.layer === layer));
}

/** The title: which image, how big, and how much of it later layers waste (dive's efficiency). */
export function imageTitle(r: ImageReport): string {
  const name = r.image.repoTags[0] ?? r.image.id.replace(/^(sha256:)?([0-9a-f]{12})[0-9a-f]*$/, '$1$2');
  const s = r.summary;
  return `${name} · ${s.layerCount} layer${s.layerCount === 1 ? '' : 's'}, ${bytes(s.fileBytes)} · efficiency ${(s.efficiency * 100).toFixed(1)}%${s.wastedBytes ? `, ${bytes(s.wastedBytes)} wasted` : ''}`;
}

const MARK: Readonly<Record<TreeLine['mark'], string>> = { added: '+', modified: '~', deleted: '-', parent: ' ' };
const TONE: Readonly<Record<TreeLine['mark'], Tone>> = { added: 'added', modified: 'modified', deleted: 'deleted', parent: 'dim' };

/** A layer in full: where it came from, its counts and waste, then its files as a tree. */
export function layerDetail(r: ImageReport, index: number): DetailLine[] {
  const l = r.layers[index];
  if (!l) return [];
  const h = l.history === undefined ? undefined : r.history[l.history];
  const from = r.dockerfile ? source(h?.match, r.dockerfile.path) : '';
  const wasted = new Set(r.wasted.filter((w) => w.layers.includes(index)).map((w) => w.path));
  const tree = changeTree(l.changes, wasted);
  return [
    { text: `layer ${index + 1} of ${r.layers.length}${from ? ` · ${from}` : ''}`, tone: 'title' },
    { text: h?.createdBy || h?.comment || '(no history entry)', tone: 'plain' },
    { text: `${bytes(l.fileBytes)} of files${l.compression !== 'none' ? `, ${bytes(l.storedSize)} ${l.compression}` : ''} · ${l.digest}`, tone: 'dim' },
    { text: countsText(l), tone: l.wastedBytes ? 'deleted' : 'plain' },
    { text: '', tone: 'plain' },
    ...(tree.length ? tree.map(treeLine) : [{ text: 'no files: this layer changes nothing on disk', tone: 'dim' as const }]),
  ];
}

function countsText(l: LayerReport): string {
  const c = l.counts;
  const waste = l.wastedBytes ? ` · ${bytes(l.wastedBytes)} of it wasted: later layers overwrite or delete it (marked ✗)` : ' · nothing of it wasted';
  return `+${c.added} added  ~${c.modified} changed  -${c.deleted} deleted${waste}`;
}

function treeLine(t: TreeLine): DetailLine {
  const size = t.size > 0 ? bytes(t.size) : '';
  const what = t.opaque ? `${t.name}*  (opaque whiteout: earlier contents hidden)` : t.mark === 'deleted' ? `${t.name}  (whiteout: deleted)` : t.name;
  return { text: `${MARK[t.mark]} ${size.padStart(9)}  ${'  '.repeat(t.depth)}${what}${t.wasted ? '  ✗ wasted' : ''}`, tone: t.wasted ? 'deleted' : TONE[t.mark] };
}
