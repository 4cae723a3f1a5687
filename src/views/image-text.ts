import { bytes } from './format.js';
import type { FileChange } from '../image/layer-changes.js';
import type { StepMatch } from '../image/match-history.js';
import type { HistoryRow, ImageReport, LayerReport } from '../image/report.js';
import { assertNever } from '../lang/assert-never.js';

export interface TextOptions {
  /** List every file change, not just the first few per layer. */
  readonly allFiles: boolean;
  /** Changes shown per layer when `allFiles` is off. */
  readonly filesPerLayer?: number;
}

/** The report for a terminal: summary, history like `docker history` (oldest first), layers, waste. */
export function renderImageText(report: ImageReport, options: TextOptions): string {
  return [...header(report), '', ...history(report), '', ...layers(report, options), ...wasted(report), ...report.warnings.map((w) => `warning: ${w}`)].join('\n') + '\n';
}

function header(r: ImageReport): string[] {
  const s = r.summary;
  const tags = r.image.repoTags.length > 0 ? ` (${r.image.repoTags.join(', ')})` : '';
  const platform = r.image.os && r.image.architecture ? `, ${r.image.os}/${r.image.architecture}` : '';
  return [
    `Image ${short(r.image.id)}${tags} from ${r.image.source.kind} ${r.image.source.location}${r.image.source.engine ? ` (${r.image.source.engine})` : ''}${platform}`,
    `${s.layerCount} layers, ${s.historyCount} history entries, ${bytes(s.fileBytes)} of file content, ${bytes(s.size)} as tar${s.storedSize !== s.size ? `, ${bytes(s.storedSize)} as stored` : ''}`,
    `Efficiency ${(s.efficiency * 100).toFixed(1)}%: ${bytes(s.wastedBytes)} of ${bytes(s.fileBytes)} written to files is hidden by later layers`,
  ];
}

function history(r: ImageReport): string[] {
  const withLines = r.dockerfile !== undefined;
  const rows = r.history.map((h) => {
    const layer = h.layer === undefined ? undefined : r.layers[h.layer];
    return [
      String(h.index),
      layer ? String(layer.index + 1) : '-',
      layer ? short(layer.digest) : '',
      layer ? bytes(layer.fileBytes) : '0 B',
      layer ? compressed(layer) : '',
      h.created ? h.created.replace('T', ' ').replace(/\.\d+/, '').replace(/Z$/, '') : '',
      ...(withLines ? [source(h.match, r.dockerfile!.path)] : []),
      oneLine(h.instruction || h.comment || ''),
    ];
  });
  const head = ['#', 'LAYER', 'DIGEST', 'SIZE', 'COMPRESSED', 'CREATED', ...(withLines ? ['DOCKERFILE'] : []), 'CREATED BY'];
  return ['History, oldest first (SIZE: file content, as `docker history` counts it; LAYER "-": metadata only, no layer)', ...table([head, ...rows])];
}

/** The stored blob's size when it is compressed; an uncompressed blob is its tar, which SIZE already describes. */
function compressed(layer: LayerReport): string {
  return layer.compression === 'none' ? '-' : bytes(layer.storedSize);
}

/** Where a layer comes from: `Dockerfile:12`, `Dockerfile:12?` (matched by keyword only), `base image`, or `none`. */
export function source(match: StepMatch | undefined, file: string, none = '-'): string {
  if (!match) return none;
  switch (match.kind) {
    case 'exact': return `${file}:${match.step.line}`;
    case 'keyword': return `${file}:${match.step.line}?`;
    case 'base': return 'base image';
    case 'none': return none;
    default: return assertNever(match);
  }
}

function layers(r: ImageReport, options: TextOptions): string[] {
  const limit = options.allFiles ? Infinity : options.filesPerLayer ?? 8;
  const out = ['Layers (+ added, ~ modified, - deleted)'];
  for (const l of r.layers) {
    out.push(`  ${l.index + 1}. ${oneLine(instructionOf(r, l))}`);
    out.push(`     ${bytes(l.fileBytes)}; +${l.counts.added} ~${l.counts.modified} -${l.counts.deleted}${l.wastedBytes > 0 ? `; ${bytes(l.wastedBytes)} of it hidden later` : ''}`);
    const shown = [...l.changes].sort((a, b) => b.size - a.size).slice(0, limit);
    for (const c of shown) out.push(`       ${change(c)}`);
    if (l.changes.length > shown.length) out.push(`       … ${l.changes.length - shown.length} more (--files lists all)`);
  }
  out.push('');
  return out;
}

function wasted(r: ImageReport): string[] {
  if (r.wasted.length === 0) return ['Nothing is wasted: no layer overwrites or deletes files of an earlier one.'];
  const top = r.wasted.slice(0, 20);
  const rows = top.map((w) => [bytes(w.wastedBytes), w.layers.map((l) => l + 1).join(','), w.path]);
  const more = r.wasted.length > top.length ? [`  … ${r.wasted.length - top.length} more paths`] : [];
  return ['Wasted space: files written and later overwritten or deleted', ...table([['WASTED', 'LAYERS', 'PATH'], ...rows]), ...more];
}

function instructionOf(r: ImageReport, l: LayerReport): string {
  const row: HistoryRow | undefined = l.history === undefined ? undefined : r.history[l.history];
  return row?.instruction || row?.comment || '(no history entry)';
}

function change(c: FileChange): string {
  const mark = c.kind === 'added' ? '+' : c.kind === 'modified' ? '~' : '-';
  const what = c.opaque ? `${c.path}/* (opaque: earlier contents hidden)` : c.type === 'directory' && c.kind !== 'deleted' ? `${c.path}/` : c.path;
  return `${mark} ${what}${c.size > 0 ? ` (${bytes(c.size)})` : ''}`;
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  return rows.map((r) => `  ${r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]!))).join('  ')}`.trimEnd());
}


function short(digest: string): string {
  return digest.replace(/^(sha256:)?([0-9a-f]{12})[0-9a-f]+$/, '$1$2');
}

function oneLine(s: string, max = 100): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
