/**
 * The edge that reads what a plan needs: the Dockerfile, the context (walked
 * and hashed), the base images (asked of the local engine) and the store.
 * Environment and machine come from the injected Host, never from `process`.
 */
import { join, resolve } from 'node:path';
import { createHasher, loadContext, NotRegularFile, readRegularFile, type ContextProgress, type ContextSnapshot } from '../context/index.js';
import { NO_MEMO, readSelectionMemo, type SelectionMemo } from '../context/selection-memo.js';
import type { NamedContexts, StageGraph } from '../graph/index.js';
import { LIMITS } from '../parse/index.js';
import { prepareRemembered } from './parse-memo.js';
import type { BaseImageIds, Builder, BuilderModel, HashFn } from '../key/index.js';
import type { NoCache } from '../plan/index.js';
import { toBaseNote, unknownBase, type BaseNote } from '../layers/base-layers.js';
import { openStore, type OpenStore } from '../store/index.js';
import { assertNever } from '../lang/assert-never.js';
import { DockerfileError, type DockerfileProblemCode } from './errors.js';
import type { Host } from './host.js';
import { problemMessage, type PrepareProblem, type PreparedDockerfile } from './prepare.js';

export interface PlanRequest {
  readonly contextDir: string;
  readonly dockerfile: string;
  readonly builder: Builder;
  readonly target: string | null;
  readonly buildArgs: ReadonlyMap<string, string>;
  readonly storeDir: string;
  /** Given: the engine is not asked. */
  readonly baseIds?: BaseImageIds;
  /**
   * The base ids a shared cache's builder had (`--against NAME`): they win over the local engine's, since the
   * question is what that builder's cache holds; the engine still reports the bases it has. null: that builder's
   * build knew the image by name only, so its keys carry no id and the plan's must not either.
   */
  readonly sharedBaseIds?: ReadonlyMap<string, string | null>;
  readonly onProgress?: (p: ContextProgress) => void;
  /** Plan against these records instead of the local store (`--against NAME`: a team's shared builds). */
  readonly store?: OpenStore;
  /** The builder version whose rules apply (default: the family's current one). */
  readonly model?: BuilderModel;
  /** Target platform (docker build --platform); default: this machine's. */
  readonly platform?: string;
  /** docker build --network: default, none or host. */
  readonly network?: string;
  /** docker build --no-cache (true) or --no-cache-filter (the stage names). */
  readonly noCache?: NoCache;
  /** The Dockerfile's text when it does not come from `dockerfile` (docker build -f -). */
  readonly dockerfileText?: string;
  /** docker build --build-context, by lower-case name. */
  readonly namedContexts?: NamedContextSources;
}

/** A --build-context: a folder (absolute path), or docker-image://REF. */
export type NamedContextSource = { readonly kind: 'dir'; readonly path: string } | { readonly kind: 'image'; readonly ref: string };
export type NamedContextSources = ReadonlyMap<string, NamedContextSource>;

export interface PlanInputsRead {
  readonly prepared: PreparedDockerfile;
  readonly context: ContextSnapshot;
  /** The folders given as --build-context, walked like the context (each with its own .dockerignore). */
  readonly namedSnapshots: ReadonlyMap<string, ContextSnapshot>;
  readonly hash: HashFn;
  readonly store: OpenStore;
  /** What the engine said of each base image (by name only when it could not tell). */
  readonly bases: readonly BaseNote[];
  readonly baseIds: BaseImageIds;
  /** Selection digests remembered for this context snapshot and Dockerfile (written back by writeSelectionMemo). */
  readonly selections: SelectionMemo;
}

export async function loadPlanInputs(req: PlanRequest, host: Host): Promise<PlanInputsRead> {
  const text = req.dockerfileText ?? readDockerfile(req.dockerfile);
  const statCacheDir = join(req.storeDir, 'stat');
  const prepared = prepareFile(req, text, host, statCacheDir);
  const [hash, context, bases, namedSnapshots] = await Promise.all([
    createHasher(),
    loadContext({ root: req.contextDir, dockerfile: req.dockerfile, builder: req.builder, statCacheDir, onProgress: req.onProgress }),
    req.baseIds ? [] : identifyBaseRefs(baseRefs(prepared.graph), host),
    loadNamedContexts(req),
  ]);
  const baseIds = req.baseIds ?? withShared(baseIdsOf(bases), req.sharedBaseIds);
  // Remembered for this snapshot and this Dockerfile text only (the Dockerfile by path: each keeps its own memo).
  const selections = context.identity === undefined ? NO_MEMO : readSelectionMemo(statCacheDir, context.root, resolve(req.dockerfile), `${context.identity}:${hash(text)}`, hash);
  return { prepared, context, namedSnapshots, hash, store: req.store ?? openStore(req.storeDir), bases, baseIds, selections };
}

/** Each folder context with the root .dockerignore only: a Dockerfile-specific ignore file is the main context's. */
async function loadNamedContexts(req: PlanRequest): Promise<Map<string, ContextSnapshot>> {
  const dirs = [...(req.namedContexts ?? [])].filter((e): e is [string, Extract<NamedContextSource, { kind: 'dir' }>] => e[1].kind === 'dir');
  const loaded = await Promise.all(dirs.map(([, c]) => loadContext({ root: c.path, dockerfile: join(c.path, '.dockerignore-of-no-dockerfile'), builder: req.builder, statCacheDir: join(req.storeDir, 'stat') })));
  return new Map(dirs.map(([name], i) => [name, loaded[i] as ContextSnapshot]));
}

/** What the stage graph needs of the named contexts: their kinds and image refs. */
export function namedContextKinds(sources: NamedContextSources | undefined): NamedContexts {
  return new Map([...(sources ?? [])].map(([name, c]) => [name, c.kind === 'image' ? { kind: 'image', ref: c.ref } : { kind: 'dir' }]));
}

/**
 * `prepare` for a Dockerfile on disk: its problem thrown as a DockerfileError naming the file and line.
 * `memoDir`: where its parse and what was prepared of it are remembered across runs (app/parse-memo.ts);
 * null: it is prepared.
 */
export function prepareFile(req: Pick<PlanRequest, 'dockerfile' | 'buildArgs' | 'target' | 'platform' | 'namedContexts'>, text: string, host: Pick<Host, 'arch'>, memoDir: string | null = null): PreparedDockerfile {
  const inputs = { buildArgs: req.buildArgs, target: req.target, arch: host.arch, platform: req.platform, namedContexts: namedContextKinds(req.namedContexts) };
  const prepared = prepareRemembered(memoDir, req.dockerfile, text, inputs);
  if (prepared.ok) return prepared.dockerfile;
  const p = prepared.problem;
  throw new DockerfileError(req.dockerfile, p.line, problemCode(p), problemMessage(p));
}

function problemCode(p: PrepareProblem): DockerfileProblemCode {
  switch (p.kind) {
    case 'parse':
      return 'E_PARSE';
    case 'limit':
      return 'E_LIMIT';
    case 'graph':
      return p.code;
    default:
      return assertNever(p);
  }
}

/** FROM images of the stages a build of the graph's target runs, as written after ARG expansion. */
export function baseRefs(graph: StageGraph): string[] {
  return graph.order.flatMap((i) => {
    const base = graph.stages[i]?.base;
    return base?.kind === 'image' ? [base.ref] : [];
  });
}

/** Asks the engine once per distinct image (inspect and history together): id, present or to pull, and its layers. */
export async function identifyBaseRefs(refs: readonly string[], host: Pick<Host, 'env'>): Promise<BaseNote[]> {
  const unique = [...new Set(refs)];
  const off = 'engine lookup disabled (LAYERPLAN_NO_ENGINE)';
  if (!unique.length || host.env.LAYERPLAN_NO_ENGINE) return unique.map((ref) => unknownBase(ref, off, off));
  const { resolveBaseImages } = await import('../engine/index.js');
  const found = await resolveBaseImages(unique, host.env, { timeoutMs: 500 });
  return [...found].map(([ref, r]) => toBaseNote(ref, r));
}

function withShared(engine: BaseImageIds, shared: ReadonlyMap<string, string | null> | undefined): BaseImageIds {
  if (!shared) return engine;
  const ids = new Map(engine);
  for (const [ref, id] of shared) {
    if (id) ids.set(ref, id);
    else ids.delete(ref);
  }
  return ids;
}

/** ref → image id, for the key derivation, of the bases the engine identified. */
export function baseIdsOf(bases: readonly BaseNote[]): BaseImageIds {
  return new Map(bases.flatMap((b): [string, string][] => (b.id ? [[b.ref, b.id]] : [])));
}

/** The Dockerfile's text, opened only if it is a regular file; read up to the size limit (parse says when it is passed). */
export function readDockerfile(file: string): string {
  try {
    return readRegularFile(file, LIMITS.dockerfileBytes);
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? err.code : undefined;
    const why = err instanceof NotRegularFile ? `it is ${err.kind}, not a regular file` : code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'not a readable file';
    throw new DockerfileError(file, null, 'E_NO_DOCKERFILE', `cannot read Dockerfile ${file}: ${why}; pass its path with -f`);
  }
}
