/** The `layerplan layers --json` shape (schemaVersion 1). Fields may be added, never renamed. */
import type { PlanSummary } from '../plan/index.js';
import type { SharingReport } from '../layers/sharing.js';

export const LAYERS_SCHEMA_VERSION = 1;

export interface LayersJsonInput {
  readonly root: string;
  readonly builder: string;
  /** `path` names the definition too when one builds it ("vote/Dockerfile (service \"vote\")"); `definition` alone. */
  readonly dockerfiles: readonly { readonly path: string; readonly context: string; readonly definition?: string; readonly summary: PlanSummary }[];
  /** Dockerfiles that could not be planned, with where and why. */
  readonly problems: readonly { readonly path: string; readonly where: string | null; readonly message: string }[];
  /** The engine the bases were read from; null when none answered. */
  readonly engine: string | null;
}

export function layersToJson(input: LayersJsonInput, report: SharingReport): object {
  return {
    schemaVersion: LAYERS_SCHEMA_VERSION,
    root: input.root,
    builder: input.builder,
    engine: input.engine,
    dockerfiles: input.dockerfiles.map((d) => ({ path: d.path, context: d.context, ...(d.definition ? { definition: d.definition } : {}), summary: { cached: d.summary.cached, rebuilt: d.summary.rebuilt, skipped: d.summary.skipped } })),
    problems: input.problems,
    bases: report.bases.map(({ base, users }) => ({ ...base, users })),
    sharedLayers: report.sharedLayers.map((l) => ({ ...l.layer, dockerfiles: l.dockerfiles, savedBytes: l.savedBytes })),
    savedBytes: report.savedBytes,
    sizesUnknown: report.unsized,
    sharedSteps: report.sharedPrefixes,
  };
}
