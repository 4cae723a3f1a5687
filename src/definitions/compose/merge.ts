/**
 * How Compose merges override files and `extends` (compose-go override.MergeYaml):
 * mappings merge key by key, sequences append, scalars are replaced; `build: DIR`
 * is `build: {context: DIR}`, and `args` / `additional_contexts` merge by name
 * whichever form (list or mapping) each side uses.
 */
import { isMapping } from '../yaml-text.js';

const BY_NAME = new Set(['args', 'additional_contexts']);

export function mergeCompose(base: unknown, over: unknown, path: readonly string[]): unknown {
  if (over === undefined || over === null) return base;
  if (path.length === 3 && path[0] === 'services' && path[2] === 'build') return mergeValue(buildMapping(base), buildMapping(over), path);
  if (path.length === 4 && path[0] === 'services' && path[2] === 'build' && BY_NAME.has(path[3] as string)) {
    return { ...namedMapping(base), ...namedMapping(over) };
  }
  return mergeValue(base, over, path);
}

function mergeValue(base: unknown, over: unknown, path: readonly string[]): unknown {
  if (isMapping(base) && isMapping(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? mergeCompose(base[k], v, [...path, k]) : v;
    return out;
  }
  if (Array.isArray(base) && Array.isArray(over)) return [...base, ...over];
  return over;
}

export function buildMapping(v: unknown): unknown {
  return typeof v === 'string' ? { context: v } : v;
}

/** `[K=V, K]` or `{K: V}` as a mapping; a bare `K` (value from the environment) maps to null. */
export function namedMapping(v: unknown): Record<string, unknown> {
  if (isMapping(v)) return v;
  if (!Array.isArray(v)) return {};
  return Object.fromEntries(
    v.map((item) => {
      const s = String(item);
      const eq = s.indexOf('=');
      return eq < 0 ? [s, null] : [s.slice(0, eq), s.slice(eq + 1)];
    }),
  );
}
