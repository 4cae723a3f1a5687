/**
 * Reads BuildKit's `--progress=rawjson` stream (docker buildx build): one
 * JSON object a line, each with updates to `vertexes` (digest, name, started,
 * completed, cached, error), `statuses`, `logs` and `warnings`. A vertex's
 * fields arrive over several updates, so they are merged by digest. Lines
 * that are not JSON (the error summary the CLI prints at the end) are kept
 * as the build's closing message. Vertices are numbered in the order they
 * first appear, as `#N` numbers them in the plain log.
 */
import { parseVertexName, type BuildkitLog, type BuildkitVertex, type VertexOutcome } from './parse-buildkit-log.js';

interface RawVertex {
  readonly digest?: unknown;
  readonly name?: unknown;
  readonly started?: unknown;
  readonly completed?: unknown;
  readonly cached?: unknown;
  readonly error?: unknown;
}

interface Merged {
  order: number;
  name: string;
  started?: string;
  completed?: string;
  cached: boolean;
  error?: string;
}

export interface RawjsonLog extends BuildkitLog {
  /** Non-JSON lines, in order: what the CLI said when the build failed. */
  readonly messages: readonly string[];
}

export function parseBuildkitRawjson(text: string): RawjsonLog {
  const merged = new Map<string, Merged>();
  const messages: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const update = parseLine(line);
    if (!update) {
      messages.push(line);
      continue;
    }
    for (const v of update) mergeVertex(merged, v);
  }
  const vertices = [...merged].flatMap(([digest, m]) => toVertex(digest, m));
  return { vertices: vertices.sort((a, b) => a.id - b.id), builds: vertices.length ? 1 : 0, messages };
}

/** Does the text look like a rawjson stream rather than a plain log? */
export function looksLikeRawjson(text: string): boolean {
  return /^\s*\{"(vertexes|statuses|logs|warnings)":/m.test(text);
}

function parseLine(line: string): RawVertex[] | null {
  if (!line.startsWith('{')) return null;
  try {
    const value = JSON.parse(line) as { vertexes?: unknown };
    return Array.isArray(value.vertexes) ? (value.vertexes as RawVertex[]) : [];
  } catch {
    return null;
  }
}

function mergeVertex(merged: Map<string, Merged>, v: RawVertex): void {
  if (typeof v.digest !== 'string') return;
  const m = merged.get(v.digest) ?? { order: merged.size + 1, name: '', cached: false };
  if (typeof v.name === 'string') m.name = v.name;
  if (typeof v.started === 'string') m.started = v.started;
  if (typeof v.completed === 'string') m.completed = v.completed;
  if (v.cached === true) m.cached = true;
  if (typeof v.error === 'string' && v.error) m.error = v.error;
  merged.set(v.digest, m);
}

function toVertex(digest: string, m: Merged): BuildkitVertex[] {
  const name = parseVertexName(m.name);
  if (!name) return [];
  return [{ id: m.order, ...name, outcome: outcomeOf(m), digest, started: m.started !== undefined }];
}

function outcomeOf(m: Merged): VertexOutcome | null {
  if (m.error) return /\bcontext canceled\b|^canceled\b/i.test(m.error) ? { kind: 'canceled' } : { kind: 'error', message: m.error };
  if (m.cached) return { kind: 'cached' };
  if (m.started === undefined || m.completed === undefined) return null;
  const ms = Date.parse(m.completed) - Date.parse(m.started);
  return { kind: 'done', seconds: Number.isFinite(ms) ? Math.max(0, Math.round(ms) / 1000) : 0 };
}
