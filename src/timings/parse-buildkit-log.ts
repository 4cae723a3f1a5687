/**
 * Reads the plain progress output of a BuildKit build (`docker build
 * --progress=plain`, also `docker buildx build`): every Dockerfile vertex
 * ("#6 [base 2/4] RUN sleep 1") and how it ended ("#6 DONE 1.1s",
 * "#6 CACHED", "#6 ERROR: ...", "#6 CANCELED"). Internal vertices ("[internal]
 * load build context", "exporting to image") carry no step number and are
 * left out. A vertex's lines may be interleaved with others', so outcomes
 * are joined to names by the vertex number.
 */

export type VertexOutcome =
  /** seconds: null when the stream gives no durations (buildah without line times). */
  | { readonly kind: 'done'; readonly seconds: number | null }
  | { readonly kind: 'cached' }
  | { readonly kind: 'error'; readonly message?: string }
  | { readonly kind: 'canceled' };

export interface BuildkitVertex {
  /** The `#N` number, unique within one build. */
  readonly id: number;
  /** The stage part of the name: '' (one-stage file), a stage name (lower-cased), or `stage-N`. */
  readonly stage: string;
  /** `i` of `i/n`: counts only the stage's instructions that make a vertex, FROM = 1. */
  readonly index: number;
  readonly total: number;
  /** The instruction as BuildKit printed it (RUN with build args and ENV expanded). */
  readonly text: string;
  /** null: the log ends before the vertex did (a cut log, or a build still running). */
  readonly outcome: VertexOutcome | null;
  /** The vertex digest (rawjson streams only). */
  readonly digest?: string;
  /** The builder began it: with no outcome yet, it is running. */
  readonly started?: boolean;
}

/** A vertex name's parts, as BuildKit prints them after `#N ` (plain) or in `name` (rawjson). */
export interface VertexName {
  readonly stage: string;
  readonly index: number;
  readonly total: number;
  readonly text: string;
}

export interface BuildkitLog {
  readonly vertices: readonly BuildkitVertex[];
  /** The log has a second build's vertices (`#1` named again): only the last build is read. */
  readonly builds: number;
}

const NAMED = /^#(\d+) (\[.*)$/;
const STEP_NAME = /^\[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/s;
const OUTCOME = /^#(\d+) (?:DONE (\d+(?:\.\d+)?)s|(CACHED)|(ERROR)\b.*|(CANCELED))\s*$/;
/** Vertex 1 is "[internal] load build definition": named again after others, a new build starts. */
const FIRST_VERTEX = /^#1 \[/;

export function parseBuildkitLog(text: string): BuildkitLog {
  let names = new Map<number, { stage: string; index: number; total: number; text: string }>();
  let outcomes = new Map<number, VertexOutcome>();
  let builds = 0;
  let later = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (FIRST_VERTEX.test(line) && (later || builds === 0)) {
      names = new Map();
      outcomes = new Map();
      builds++;
      later = false;
    }
    const id = Number(/^#(\d+) /.exec(line)?.[1] ?? 0);
    if (id > 1) later = true;
    const named = NAMED.exec(line);
    const name = named ? parseVertexName(named[2] ?? '') : null;
    if (name) {
      if (!names.has(id)) names.set(id, name);
      continue;
    }
    const outcome = outcomeOf(line);
    if (outcome) outcomes.set(id, outcome);
  }
  const vertices = [...names].map(([id, v]): BuildkitVertex => ({ id, ...v, outcome: outcomes.get(id) ?? null, started: true }));
  return { vertices: vertices.sort((a, b) => a.id - b.id), builds: Math.max(builds, vertices.length ? 1 : 0) };
}

/** `[stage 2/5] RUN …` → its parts; null for internal vertices ("[internal] load build context", "exporting to image"). */
export function parseVertexName(name: string): VertexName | null {
  const m = STEP_NAME.exec(name);
  if (!m) return null;
  const [, stage = '', index, total, printed] = m;
  return { stage, index: Number(index), total: Number(total), text: (printed ?? '').trim() };
}

function outcomeOf(line: string): VertexOutcome | null {
  const m = OUTCOME.exec(line);
  if (!m) return null;
  if (m[2] !== undefined) return { kind: 'done', seconds: Number(m[2]) };
  if (m[3]) return { kind: 'cached' };
  if (m[4]) return { kind: 'error' };
  return { kind: 'canceled' };
}

/** Does the text look like buildah's (or podman's) output rather than BuildKit's? */
export function looksLikeBuildah(text: string): boolean {
  return /^(\[\d+\/\d+\] )?STEP \d+\/\d+: /m.test(text);
}
