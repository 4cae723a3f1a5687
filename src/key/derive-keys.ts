/**
 * Chains keys through each stage: key = hash(builder, parent key, the step's
 * description, and the final keys of the stages it reads). Stages are keyed
 * in build order, so `FROM <stage>` and `--from` find their inputs ready.
 */
import type { BaseRef, StageGraph, Step } from '../graph/index.js';
import { describeBuildah } from './describe-buildah.js';
import { describeBuildkit } from './describe-buildkit.js';
import { SourceNotFound, type StepDescription } from './describe.js';
import { normalizeImageRef } from './image-ref.js';
import { knownCopy, updateStageFiles, type StageFiles } from './stage-files.js';
import type { BaseImageIds, Builder, CacheKey, ContextView, HashFn, StepKey, Uncertainty } from './types.js';

export interface KeyOptions {
  readonly builder: Builder;
  readonly hash: HashFn;
  readonly context: ContextView;
  readonly baseIds: BaseImageIds;
}

export type KeyResult =
  | { readonly ok: true; readonly keys: ReadonlyMap<string, StepKey> }
  /** A source is missing: the build fails at `step`; `keys` holds the steps keyed before it. */
  | { readonly ok: false; readonly step: Step; readonly source: string; readonly keys: ReadonlyMap<string, StepKey> };

export function deriveKeys(graph: StageGraph, steps: readonly (readonly Step[])[], opts: KeyOptions): KeyResult {
  const keys = new Map<string, StepKey>();
  const finalKey: CacheKey[] = [];
  const stageFiles: StageFiles[] = [];
  try {
    for (const index of graph.order) {
      const stageSteps = steps[index] ?? [];
      const from = stageSteps[0];
      let parent = baseKey(from, finalKey, opts);
      let files: StageFiles = from?.op.kind === 'from' && from.op.base.kind === 'stage' ? stageFiles[from.op.base.index] ?? new Map() : new Map();
      for (const step of stageSteps) {
        const k = step.op.kind === 'from' ? fromStepKey(step, parent, opts) : keyStep(step, parent, finalKey, stageFiles, opts);
        keys.set(step.id, k);
        files = updateStageFiles(files, step, k.files);
        if (k.key) parent = k.key;
      }
      finalKey[index] = parent;
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
  return opts.hash(JSON.stringify([opts.builder, 'from', describeBase(base, opts.baseIds), from.op.platform]));
}

/** A FROM step: its key is the base's identity (for a stage, that stage's final key). */
function fromStepKey(step: Step, key: CacheKey, opts: KeyOptions): StepKey {
  const op = step.op.kind === 'from' ? describeBase(step.op.base, opts.baseIds) : '';
  return { key, parent: null, op, env: [], settings: {}, files: [], readsStages: [], uncertain: null };
}

/** An image is named by its normalised reference, plus its image id when an engine told us. */
function describeBase(base: BaseRef, ids: BaseImageIds): string {
  if (base.kind === 'scratch') return 'scratch';
  if (base.kind === 'stage') return `stage ${base.index}`;
  const ref = normalizeImageRef(base.ref);
  const id = ids.get(base.ref) ?? ids.get(ref);
  return id ? `${ref} ${id}` : ref;
}

function keyStep(step: Step, parent: CacheKey, finalKey: readonly CacheKey[], stageFiles: readonly StageFiles[], opts: KeyOptions): StepKey {
  const known = knownCopy(step, stageFiles);
  const [described, view] = known ? [known.step, known.view] : [step, opts.context];
  const d: StepDescription | null = opts.builder === 'buildkit' ? describeBuildkit(described, view, opts.hash) : describeBuildah(described, view, opts.hash);
  if (!d) return { key: null, parent, op: '', env: [], settings: {}, files: [], readsStages: [], uncertain: null };
  const key = opts.hash(JSON.stringify([
    opts.builder, parent, d.op, d.env, d.settings, d.files.map((f) => f.digest), d.readsStages.map((s) => finalKey[s] ?? `stage ${s}`),
  ]));
  return { key, parent, ...d, uncertain: uncertainty(step) };
}

/** Remote ADD without --checksum: the builder re-checks the source, so a recorded key proves nothing. */
function uncertainty(step: Step): Uncertainty | null {
  if (step.op.kind !== 'copy') return null;
  const remote = step.op.remote[0];
  if (remote && !step.op.checksum) return { kind: 'remote-source', location: remote.location };
  return null;
}
