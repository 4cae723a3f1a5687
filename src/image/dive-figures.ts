/**
 * The three figures dive's CI rules judge, computed as dive computes them
 * (wagoodman/dive: dive/filetree/efficiency.go and dive/image/analysis.go),
 * so a `.dive-ci` gives the verdict dive would. They differ on purpose from
 * the report's own summary, which counts only hidden bytes:
 * - every version of a path written in more than one layer is "wasted",
 *   the one still visible too (a file written twice wastes both copies);
 * - a file deletion is a version of size 0; a directory deletion a version
 *   the size of what it hid, so deleting a folder counts as no waste;
 * - efficiency is Σ (the smallest version of each path) / Σ (all versions);
 * - the user size is the file bytes of every layer but the first.
 * Only leaf entries count (dive visits leaves only), so restated folders do
 * not, and opaque-directory markers are dropped as dive drops them. Pure.
 */
import type { FileChange } from './layer-changes.js';

export interface DiveFigures {
  /** 1 when no layer writes file bytes. */
  readonly efficiency: number;
  readonly wastedBytes: number;
  /** File bytes of the layers above the first (dive's `UserSizeByes`). */
  readonly userSizeBytes: number;
  /** wastedBytes / userSizeBytes; 0 when nothing is wasted, Infinity when only a base layer adds bytes. */
  readonly userWastedPercent: number;
}

interface PathVersions {
  count: number;
  total: number;
  smallest: number;
}

/** What the figures need of a report: each layer's changes (layer-changes.ts) and file bytes. */
export interface DiveInput {
  readonly layers: readonly { readonly changes: readonly FileChange[]; readonly fileBytes: number }[];
}

export function diveFigures(report: DiveInput): DiveFigures {
  const paths = new Map<string, PathVersions>();
  for (const layer of report.layers) {
    for (const change of layer.changes) {
      const size = versionSize(change);
      if (size === null) continue;
      const p = paths.get(change.path);
      if (p) {
        p.count++;
        p.total += size;
        p.smallest = Math.min(p.smallest, size);
      } else paths.set(change.path, { count: 1, total: size, smallest: size });
    }
  }
  let total = 0;
  let smallest = 0;
  let wastedBytes = 0;
  for (const p of paths.values()) {
    total += p.total;
    smallest += p.smallest;
    if (p.count > 1) wastedBytes += p.total;
  }
  const userSizeBytes = report.layers.slice(1).reduce((n, l) => n + l.fileBytes, 0);
  return {
    efficiency: total === 0 ? 1 : smallest / total,
    wastedBytes,
    userSizeBytes,
    // dive divides as is: 0/0 is NaN, which fails no threshold (reported here as 0), and n/0 is +Inf, which fails all.
    userWastedPercent: wastedBytes === 0 ? 0 : wastedBytes / userSizeBytes,
  };
}

/** The size dive gives this change's node, or null when dive has no leaf node for it. */
function versionSize(change: FileChange): number | null {
  if (change.opaque) return null;
  if (change.kind === 'deleted') return change.type === 'directory' ? change.size : 0;
  return change.type === 'directory' ? null : change.size;
}
