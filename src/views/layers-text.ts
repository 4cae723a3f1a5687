/** The plain `layerplan layers` report: bases with their users and layers, then what the Dockerfiles share. */
import { parseCreatedBy } from '../parse/created-by.js';
import { bytes, truncate } from './format.js';
import { oneLine } from './reason-text.js';
import { knownSize, type BaseLayer, type BaseNote } from '../layers/base-layers.js';
import type { FileLine, SharedLayer, SharedPrefix, SharingReport } from '../layers/sharing.js';

export interface LayersHeading {
  readonly root: string;
  readonly builder: string;
  readonly dockerfiles: number;
  /** The engine the bases were read from; null when none answered. */
  readonly engine: string | null;
}

const INSTRUCTION_WIDTH = 40;

export function renderLayersText(heading: LayersHeading, report: SharingReport): string {
  const out = [`${heading.root} · builder ${heading.builder} · ${plural(heading.dockerfiles, 'Dockerfile')}${heading.engine ? ` · engine ${heading.engine}` : ''}`];
  const shared = new Map(report.sharedLayers.map((l) => [l.layer.diffId, l]));
  for (const { base, users } of report.bases) out.push('', ...baseBlock(base, users, shared));
  out.push('', ...layerSummary(report), '', ...prefixLines(report.sharedPrefixes));
  return `${out.join('\n')}\n`;
}

function baseBlock(base: BaseNote, users: readonly FileLine[], shared: ReadonlyMap<string, SharedLayer>): string[] {
  const head = `base ${base.ref}: ${baseState(base)}`;
  const used = `  used by ${users.map(where).join(', ')}`;
  return [head, used, ...(base.layers ?? []).map((l) => layerLine(l, shared.get(l.diffId)))];
}

function baseState(base: BaseNote): string {
  if (base.present === false) return 'not in the local engine: the build pulls it';
  if (base.present === null || base.layers === null) return 'layers unknown (why: below)';
  const size = knownSize(base.layers);
  const id = base.id?.replace(/^sha256:/, '').slice(0, 12);
  return `image ${id}, ${plural(base.layers.length, 'layer')}${size === null ? ' (sizes unknown: the history does not pair with the layers)' : `, ${bytes(size)}`}, in the local engine: reused`;
}

function layerLine(layer: BaseLayer, shared: SharedLayer | undefined): string {
  const size = (layer.size === null ? '?' : bytes(layer.size)).padStart(9);
  const id = layer.diffId.replace(/^sha256:/, '').slice(0, 12);
  const made = truncate(instructionOf(layer.createdBy), INSTRUCTION_WIDTH).padEnd(INSTRUCTION_WIDTH);
  const note = shared ? `  shared by ${plural(shared.dockerfiles.length, 'Dockerfile')}` : '';
  return `  ${size}  ${id}  ${made}${note}`.trimEnd();
}

/** The history text as the instruction it was (`RUN apk add x`, not `RUN /bin/sh -c apk add x # buildkit`). */
function instructionOf(createdBy: string | null): string {
  if (createdBy === null) return '?';
  const { keyword, args } = parseCreatedBy(createdBy);
  // RUN rows keep the shell the builder ran the command with; the Dockerfile did not write it.
  return keyword === '' ? '(imported)' : oneLine(`${keyword} ${args.replace(/^\/bin\/sh -c /, '')}`);
}

function layerSummary(report: SharingReport): string[] {
  const files = new Set(report.sharedLayers.flatMap((l) => l.dockerfiles));
  const lines = report.sharedLayers.length
    ? [`shared base layers: ${plural(report.sharedLayers.length, 'layer')} in ${files.size} Dockerfiles; stored and pulled once, they save ${bytes(report.savedBytes)}`]
    : ['shared base layers: none known'];
  const byWhy = new Map<string, string[]>();
  for (const u of report.unsized) {
    const users = u.dockerfiles.length > 1 ? ` (${u.dockerfiles.length} Dockerfiles: shared whole)` : '';
    byWhy.set(u.why, [...(byWhy.get(u.why) ?? []), `${u.ref}${users}`]);
  }
  for (const [why, refs] of byWhy) lines.push(`  not counted, layers unknown (${why}): ${refs.join(', ')}`);
  return lines;
}

function prefixLines(prefixes: readonly SharedPrefix[]): string[] {
  if (!prefixes.length) return ['shared build steps: none (no two Dockerfiles have a step with the same cache key)'];
  const lines = ['shared build steps: equal cache keys, so the first build makes the layer and the others take it from the cache (sizes are known only after a build)'];
  for (const p of prefixes) {
    lines.push(`  ${p.dockerfiles.join(', ')}, after ${truncate(oneLine(p.after), INSTRUCTION_WIDTH)}:`);
    for (const s of p.steps) {
      const state = s.cached ? 'cached' : 'to build';
      lines.push(`    ${state.padEnd(8)}  ${truncate(oneLine(s.instruction), INSTRUCTION_WIDTH).padEnd(INSTRUCTION_WIDTH)}  ${s.uses.map(where).join(', ')}`);
    }
  }
  return lines;
}

function where(u: FileLine): string {
  return `${u.dockerfile}:${u.line}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
