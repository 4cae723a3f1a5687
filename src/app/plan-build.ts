/**
 * The edge that turns a project folder into a Plan: read the Dockerfile,
 * walk and hash the context, open the store, then run the pure core
 * (parse → graph → steps → keys → plan). Shared by build, check and history.
 */
import path from 'node:path';
import { createHasher, loadContext, NotRegularFile, readRegularFile, type ContextProgress, type ContextSnapshot } from '../context/index.js';
import { buildStageGraph, evaluateStages, type StageGraph, type Step } from '../graph/index.js';
import { deriveKeys, type BaseImageIds, type Builder, type HashFn, type StepKey } from '../key/index.js';
import { LIMITS, LimitExceeded, parseDockerfile } from '../parse/index.js';
import { toBaseNote, unknownBase, type BaseNote } from '../layers/base-layers.js';
import { compareBasis, keysLeftByFailedBuild, makePlan, toRunRecord, type CompareBasis, type Plan } from '../plan/index.js';
import { openStore, recordRun, type OpenStore, type RunSource, type StoreView } from '../store/index.js';
import { contextView } from './context-view.js';
import { CliError } from '../cli/errors.js';

export type { BaseNote };

export interface PlanRequest {
  readonly contextDir: string;
  readonly dockerfile: string;
  readonly builder: Builder;
  readonly target: string | null;
  readonly buildArgs: ReadonlyMap<string, string>;
  readonly storeDir: string;
  readonly baseIds?: BaseImageIds;
  readonly onProgress?: (p: ContextProgress) => void;
  /** Plan against these records instead of the local store (`--against NAME`: a team's shared builds). */
  readonly store?: OpenStore;
}

export interface PlannedBuild {
  readonly plan: Plan;
  readonly store: OpenStore;
  /** What the engine said of each base image (by name only when it could not tell). */
  readonly bases: readonly BaseNote[];
  /** What the plan is compared with: the newest recorded build of this Dockerfile, if any. */
  readonly basis: CompareBasis;
}


/** A parsed Dockerfile with its stage graph and steps: everything before the context is needed. */
export interface PreparedDockerfile {
  readonly graph: StageGraph;
  readonly steps: readonly (readonly Step[])[];
}

export async function planBuild(req: PlanRequest): Promise<PlannedBuild> {
  const prepared = prepareDockerfile(req, readDockerfile(req.dockerfile));
  const [hash, context, bases] = await Promise.all([
    createHasher(),
    loadContext({ root: req.contextDir, dockerfile: req.dockerfile, builder: req.builder, statCacheDir: path.join(req.storeDir, 'stat'), onProgress: req.onProgress }),
    req.baseIds ? [] : identifyBases(prepared.graph),
  ]);
  const baseIds = req.baseIds ?? baseIdsOf(bases);
  const store = req.store ?? openStore(req.storeDir);
  const plan = planPrepared({ ...req, baseIds }, prepared, context, hash, store.view);
  return { plan, store, bases, basis: compareBasis(store.runs, plan) };
}

/** Base images of the stages a build runs, identified by the local engine when one answers (fast when none does). */
function identifyBases(graph: StageGraph): Promise<BaseNote[]> {
  return identifyBaseRefs(baseRefs(graph));
}

/** FROM images of the stages a build of the graph's target runs, as written after ARG expansion. */
export function baseRefs(graph: StageGraph): string[] {
  return graph.order.flatMap((i) => {
    const base = graph.stages[i]?.base;
    return base?.kind === 'image' ? [base.ref] : [];
  });
}

/** Asks the engine once per distinct image (inspect and history together): id, present or to pull, and its layers. */
export async function identifyBaseRefs(refs: readonly string[]): Promise<BaseNote[]> {
  const unique = [...new Set(refs)];
  if (!unique.length || process.env.LAYERPLAN_NO_ENGINE) return unique.map((ref) => unknownBase(ref, 'engine lookup disabled (LAYERPLAN_NO_ENGINE)', 'engine lookup disabled (LAYERPLAN_NO_ENGINE)'));
  const { resolveBaseImages } = await import('../engine/index.js');
  const found = await resolveBaseImages(unique, process.env, { timeoutMs: 500 });
  return [...found].map(([ref, r]) => toBaseNote(ref, r));
}

/** ref → image id, for the key derivation, of the bases the engine identified. */
export function baseIdsOf(bases: readonly BaseNote[]): BaseImageIds {
  return new Map(bases.flatMap((b) => (b.id ? [[b.ref, b.id] as const] : [])));
}

/**
 * The pure part of planning, for callers that bring their own context and
 * store (the pre-commit check plans the git index against HEAD in memory).
 * Throws CliError with file:line for a bad Dockerfile or a missing source.
 */
export function planWithContext(req: PlanRequest, text: string, context: ContextSnapshot, hash: HashFn, store: StoreView): Plan {
  return planPrepared(req, prepareDockerfile(req, text), context, hash, store);
}

/** Parse, stage graph and steps; a bad Dockerfile is a CliError naming file:line. */
export function prepareDockerfile(req: PlanRequest, text: string): PreparedDockerfile {
  const parsed = parseDockerfile(text);
  const problem = parsed.problems[0];
  if (problem) throw new CliError(`${problem.message}; fix the Dockerfile and run again`, 'E_PARSE', undefined, where(req, problem.line));
  const platform = platformArgs();
  const graphResult = buildStageGraph(parsed, { buildArgs: req.buildArgs, target: req.target, platformArgs: platform });
  if (!graphResult.ok) throw new CliError(graphResult.problem.message, graphResult.problem.code, undefined, where(req, graphResult.problem.line));
  const graph = graphResult.graph;
  try {
    return { graph, steps: evaluateStages(graph, { buildArgs: req.buildArgs, platformArgs: platform, escape: parsed.directives.escape }) };
  } catch (err) {
    if (err instanceof LimitExceeded) throw new CliError(err.message, 'E_LIMIT', undefined, where(req, err.line ?? 1));
    throw err;
  }
}

function planPrepared(req: PlanRequest, { graph, steps }: PreparedDockerfile, context: ContextSnapshot, hash: HashFn, store: StoreView): Plan {
  const keys = deriveKeys(graph, steps, { builder: req.builder, hash, context: contextView(context, req.builder), baseIds: req.baseIds ?? new Map() });
  const plan = (k: ReadonlyMap<string, StepKey>): Plan => makePlan({ dockerfile: req.dockerfile, builder: req.builder, target: req.target, graph, steps, keys: k, store });
  if (!keys.ok) {
    const ins = keys.step.instruction;
    throw new SourceMissing(
      `"${keys.source}": not found in the build context (${ins.keyword} ${ins.rest}); check the path, and that .dockerignore does not exclude it`,
      where(req, ins.line),
      plan(keysLeftByFailedBuild(req.builder, steps, keys.keys)),
    );
  }
  return plan(keys.keys);
}

function where(req: PlanRequest, line: number): string {
  return `${path.relative(process.cwd(), req.dockerfile) || req.dockerfile}:${line}`;
}

/** The build would fail on a missing source; `partial` is what the builder still caches before failing. */
export class SourceMissing extends CliError {
  constructor(message: string, where: string, readonly partial: Plan) {
    super(message, 'E_SOURCE_NOT_FOUND', undefined, where);
  }
}

/**
 * Records a plan as a build in the store: from now on its keys are hits, as
 * they are in the builder's cache. Only for a build that happened (a log read
 * by `timings`) or that the user says happened (`--assume-built`).
 */
export function recordPlan(plan: Plan, opts: { readonly storeDir: string; readonly contextDir: string; readonly buildArgs: ReadonlyMap<string, string> }, source: RunSource): void {
  const time = new Date().toISOString();
  const { run, selections } = toRunRecord(plan, { id: `${time}-${process.pid}`, time, source, context: opts.contextDir, buildArgs: Object.fromEntries(opts.buildArgs) });
  recordRun(opts.storeDir, run, selections);
}

/** The Dockerfile's text, opened only if it is a regular file; read up to the size limit (parse says when it is passed). */
export function readDockerfile(file: string): string {
  try {
    return readRegularFile(file, LIMITS.dockerfileBytes);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = err instanceof NotRegularFile ? `it is ${err.kind}, not a regular file` : code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'not a readable file';
    throw new CliError(`cannot read Dockerfile ${file}: ${why}; pass its path with -f`, 'E_NO_DOCKERFILE');
  }
}

/** The automatic platform ARGs, for the machine layerplan runs on (a build without --platform targets it). */
function platformArgs(): Map<string, string> {
  const arch = ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[process.arch] ?? process.arch;
  const platform = `linux/${arch}`;
  const values: Record<string, string> = { OS: 'linux', ARCH: arch, VARIANT: '', PLATFORM: platform };
  return new Map(['TARGET', 'BUILD'].flatMap((p) => Object.entries(values).map(([k, v]) => [`${p}${k}`, v] as [string, string])));
}
