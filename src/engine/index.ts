import { EngineError, imageHistory, resolveImage, type EngineOptions, type Env } from './client.js';
import type { ResolvedBase, UnavailableReason } from './types.js';
import { knownByNameOnly } from './wording.js';

export { buildCacheOf, buildCacheRecords, engineAvailable, engineVersion, exportImage, imageHistory, resolveImage, EngineError, type Env, type EngineOptions } from './client.js';
export { knownByNameOnly } from './wording.js';
export { engineEndpoint, engineLabel, type EngineEndpoint } from './endpoint.js';
export type { BuildCacheRecord, EngineHistoryRow, EngineImage, ResolvedBase, UnavailableReason } from './types.js';

export type BaseResolution = ResolvedBase | { readonly unavailable: UnavailableReason };

/** The digest of a digest-pinned reference (`name@sha256:…`), which identifies the image with or without an engine. */
export function pinnedDigest(ref: string): string | null {
  const at = ref.lastIndexOf('@');
  return at >= 0 && /^[a-z0-9]+:[a-f0-9]{32,}$/.test(ref.slice(at + 1)) ? ref.slice(at + 1) : null;
}

/**
 * Asks the local engine about each FROM image, for the planner (runs on every
 * `layerplan build`). Per image, inspect and history go out at once; all images
 * in parallel; no engine → every ref answers `unavailable` after one failed
 * connect (about a millisecond for a missing socket, `timeoutMs` at worst).
 */
export async function resolveBaseImages(refs: readonly string[], env: Env, options: EngineOptions = { timeoutMs: 1500 }): Promise<Map<string, BaseResolution>> {
  const unique = [...new Set(refs)];
  const out = new Map<string, BaseResolution>();
  const first = unique[0];
  if (first === undefined) return out;
  // Resolve one first: when there is no engine, that answers for all without N timeouts.
  const head = await resolveBase(first, env, options);
  out.set(first, head);
  if ('unavailable' in head && head.unavailable.kind === 'no-engine') {
    for (const ref of unique.slice(1)) out.set(ref, { unavailable: { ...head.unavailable, message: noEngine(ref, head.unavailable.why) } });
    return out;
  }
  const rest = await Promise.all(unique.slice(1).map((ref) => resolveBase(ref, env, options)));
  unique.slice(1).forEach((ref, i) => out.set(ref, rest[i]!));
  return out;
}

async function resolveBase(ref: string, env: Env, options: EngineOptions): Promise<BaseResolution> {
  try {
    const [image, history] = await Promise.all([resolveImage(ref, env, options), imageHistory(ref, env, options)]);
    if (!image) return { unavailable: { kind: 'not-found', message: notFound(ref) } };
    return { id: image.id, repoDigests: image.repoDigests, diffIds: image.diffIds, size: image.size, history: history ?? [] };
  } catch (err) {
    if (err instanceof EngineError) return { unavailable: { kind: err.kind, message: noEngine(ref, err.message), why: err.message } };
    throw err;
  }
}

function noEngine(ref: string, why: string): string {
  const pinned = pinnedDigest(ref);
  return pinned
    ? `${why}; ${ref} is pinned to ${pinned}, which identifies it exactly`
    : knownByNameOnly([ref], why);
}


function notFound(ref: string): string {
  return `the local engine has no image ${ref}: the next build pulls it, so the tag's current image is not known here`;
}
export { HistoryError, latestBuildOf, localBuildRefs, parseHistoryInspect, parseLocalRef, readEngineBuild, type EngineBuild, type EngineBuildStatus, type LocalBuildRef, type RunDocker } from './build-history.js';
