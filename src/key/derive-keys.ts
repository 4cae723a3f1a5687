/**
 * Chains keys through each stage: key = hash(builder, parent key, the step's
 * description, and the final keys of the stages it reads). Stages are keyed
 * in build order, so `FROM <stage>` and `--from` find their inputs ready.
 */
import { normalizePlatform, type BaseRef, type StageGraph, type Step } from '../graph/index.js';
import { defaultModel, type BuilderModel } from './builder-model.js';
import { describeBuildah } from './describe-buildah.js';
import { describeBuildkit } from './describe-buildkit.js';
import { SourceNotFound, type StepDescription } from './describe.js';
import { normalizeImageRef } from './image-ref.js';
import { knownCopy, updateStageFiles, type StageFiles } from './stage-files.js';
import type { BaseIdentity, BaseImageIds, Builder, CacheKey, ContextView, HashFn, StepKey, Uncertainty } from './types.js';

export interface KeyOptions {
  readonly builder: Builder;
  readonly hash: HashFn;
  readonly context: ContextView;
  readonly baseIds: BaseImageIds;
  /** The builder version whose rules apply (default: the family's current one). */
  readonly model?: BuilderModel;
  /** The build's target platform (normalised): what a FROM without --platform resolves to. */
  readonly platform?: string;
  /** The build's network mode (docker build --network): default, none or host. */
  readonly network?: string;
}

export type KeyResult =
  | { readonly ok: true; readonly keys: ReadonlyMap<string, StepKey> }
  /** A source is missing: the build fails at `step`; `keys` holds the steps keyed before it. */
  | { readonly ok: false; readonly step: Step; readonly source: string; readonly keys: ReadonlyMap<string, StepKey> };

export function deriveKeys(graph: StageGraph, steps: readonly (readonly Step[])[], opts: KeyOptions): KeyResult {
  const keys = new Map<string, StepKey>();
  const finalKey: CacheKey[] = [];
  const finalVertex: CacheKey[] = [];
  const stageFiles: StageFiles[] = [];
  try {
    for (const index of graph.order) {
      const stageSteps = steps[index] ?? [];
      const from = stageSteps[0];
      let parent = baseKey(from, finalKey, opts);
      let vertex = from?.op.kind === 'from' && from.op.base.kind === 'stage' ? finalVertex[from.op.base.index] ?? parent : parent;
      let files: StageFiles = from?.op.kind === 'from' && from.op.base.kind === 'stage' ? stageFiles[from.op.base.index] ?? new Map() : new Map();
      for (const step of stageSteps) {
        const k = step.op.kind === 'from' ? { ...fromStepKey(step, parent, opts, graph.globalArgs), vertex } : keyStep(step, { key: parent, vertex }, { finalKey, finalVertex }, stageFiles, opts);
        keys.set(step.id, k);
        files = updateStageFiles(files, step, k.files);
        if (k.key) {
          parent = k.key;
          vertex = k.vertex ?? k.key;
        }
      }
      finalKey[index] = parent;
      finalVertex[index] = vertex;
      stageFiles[index] = files;
    }
  } catch (err) {
    if (err instanceof SourceNotFound) return { ok: false, step: err.step, source: err.source, keys };
    throw err;
  }
  return { ok: true, keys };
}

function baseKey(from: Step | undefined, finalKey: readonly CacheKey[], opts: KeyOptions): CacheKey {
  if (!from || from.op.kind !== 'from') return opts.hash('scratch');
  const base = from.op.base;
  if (base.kind === 'stage') return finalKey[base.index] ?? opts.hash(`stage ${base.index}`);
  return opts.hash(JSON.stringify([opts.builder, 'from', describeBase(base, opts.baseIds), resolvedPlatform(from, opts)]));
}

/**
 * The platform a FROM image resolves to: its --platform (expanded, so `$BUILDPLATFORM` is the host's), else the
 * build's target platform. Spellings the builders normalise (`linux/x86_64`, `amd64`) are one platform.
 */
function resolvedPlatform(from: Step, opts: KeyOptions): string | null {
  const flag = from.op.kind === 'from' ? from.op.platform : null;
  const text = flag ?? opts.platform ?? null;
  return text === null ? null : normalizePlatform(text);
}

/** A FROM step: its key is the base's identity (for a stage, that stage's final key). */
function fromStepKey(step: Step, key: CacheKey, opts: KeyOptions, globalArgs: ReadonlyMap<string, string | undefined>): StepKey {
  const op = step.op.kind === 'from' ? describeBase(step.op.base, opts.baseIds) : '';
  const image = step.op.kind === 'from' && step.op.base.kind === 'image' ? imageIdentity(step.op.base.ref, opts.baseIds) : null;
  const platform = image ? resolvedPlatform(step, opts) : null;
  const key0: StepKey = { key, parent: null, op, env: fromArgs(step, globalArgs), settings: platform ? { platform } : {}, files: [], readsStages: [], uncertain: null };
  return image ? { ...key0, base: image } : key0;
}

/** The global ARGs a FROM line names, with their values: what a changed image name is explained by. */
function fromArgs(step: Step, globalArgs: ReadonlyMap<string, string | undefined>): [string, string][] {
  const names = [...step.instruction.rest.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] ?? '');
  return [...new Set(names)].flatMap((n): [string, string][] => (globalArgs.has(n) ? [[n, globalArgs.get(n) ?? '']] : []));
}

/** An image is named by its normalised reference, plus its image id when an engine told us. */
function describeBase(base: BaseRef, ids: BaseImageIds): string {
  if (base.kind === 'scratch') return 'scratch';
  if (base.kind === 'stage') return `stage ${base.index}`;
  const { ref, id } = imageIdentity(base.ref, ids);
  // The text the key hashes (and records keep as `op`): changing it would move every recorded FROM key.
  return id ? `${ref} ${id}` : ref;
}

function imageIdentity(written: string, ids: BaseImageIds): BaseIdentity {
  const ref = normalizeImageRef(written);
  return { ref, id: ids.get(written) ?? ids.get(ref) ?? null };
}

interface Parent {
  readonly key: CacheKey;
  readonly vertex: CacheKey;
}

interface Finals {
  readonly finalKey: readonly CacheKey[];
  readonly finalVertex: readonly CacheKey[];
}

function keyStep(step: Step, parent: Parent, finals: Finals, stageFiles: readonly StageFiles[], opts: KeyOptions): StepKey {
  const known = knownCopy(step, stageFiles);
  const d = describe(known ? known.step : step, known ? known.view : opts.context, opts);
  if (!d) return { key: null, parent: parent.key, op: '', env: [], settings: {}, files: [], readsStages: [], uncertain: null };
  const key = chain(opts, parent.key, d, finals.finalKey);
  // The build graph's vertex: the step as written, on its parent's vertex. Two steps with one vertex are one
  // operation, built once (a COPY --from keyed like a context COPY still is a vertex of its own).
  const raw = known ? describe(step, opts.context, opts) : d;
  const vertex = raw ? chain(opts, parent.vertex, raw, finals.finalVertex) : key;
  return { key, parent: parent.key, ...d, uncertain: uncertainty(step), vertex };
}

function describe(step: Step, view: ContextView, opts: KeyOptions): StepDescription | null {
  return opts.builder === 'buildkit'
    ? describeBuildkit(step, view, opts.hash, { network: opts.network ?? 'default' })
    : describeBuildah(step, view, opts.hash, opts.model ?? defaultModel('buildah'));
}

function chain(opts: KeyOptions, parent: CacheKey, d: StepDescription, finals: readonly CacheKey[]): CacheKey {
  return opts.hash(JSON.stringify([
    opts.builder, parent, d.op, d.env, d.settings, d.files.map((f) => f.digest), d.readsStages.map((s) => finals[s] ?? `stage ${s}`),
  ]));
}

/** Remote ADD without --checksum: the builder re-checks the source, so a recorded key proves nothing. */
function uncertainty(step: Step): Uncertainty | null {
  if (step.op.kind !== 'copy') return null;
  const remote = step.op.remote[0];
  if (remote && !step.op.checksum) return { kind: 'remote-source', location: remote.location };
  return null;
}
