/**
 * The `layers DIR` use case: find every Dockerfile under DIR, ask the engine
 * about all their base images at once, and plan each one against the cache
 * store without recording anything (as `build --dry-run`).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createHasher, loadContext } from '../context/index.js';
import { ContextUnreadableError, IgnoreFileError, IgnoreFileNotRegular } from '../context/errors.js';
import type { Builder } from '../key/index.js';
import type { BaseNote } from '../layers/base-layers.js';
import type { Plan } from '../plan/index.js';
import { CONFIG_FILE, readConfig } from '../project/config.js';
import { discoverDockerfiles, isDockerfileName, type Target } from '../project/discover.js';
import { openStore } from '../store/index.js';
import { DockerfileError, InputError, SourceMissingError } from './errors.js';
import type { Host } from './host.js';
import { baseIdsOf, baseRefs, identifyBaseRefs, prepareFile, readDockerfile, type PlanRequest } from './load-inputs.js';
import { planDockerfile } from './plan.js';
import { definitionTargets } from './definition-targets.js';
import { withDefinitions } from './repo-targets.js';

/** Folders that never hold a project's own Dockerfiles and can be huge. */
const SKIP_DIRS = new Set(['node_modules', '.git']);

export interface SurveyOptions {
  /** Absolute folder to survey. */
  readonly root: string;
  /** From the flag; null: the config's, else buildkit. */
  readonly builder: Builder | null;
  readonly storeDir: string;
}

export interface SurveyedDockerfile {
  /** Relative to the root, POSIX; with the service / bake target that builds it, when one does. */
  readonly path: string;
  /** The compose service, bake target or workflow step whose build this is. */
  readonly definition?: string;
  /** Build context, relative to the root ('' = the root). */
  readonly context: string;
  readonly plan: Plan;
}

/** Why one Dockerfile (or folder) is not counted: the error, which cli/errors.ts words. */
export type SurveyError = DockerfileError | SourceMissingError | IgnoreFileError | IgnoreFileNotRegular | ContextUnreadableError | InputError;

export interface SurveyProblem {
  /** The Dockerfile (or the unreadable folder) it concerns, relative to the root. */
  readonly path: string;
  readonly error: SurveyError;
}

export interface Survey {
  readonly builder: Builder;
  readonly dockerfiles: readonly SurveyedDockerfile[];
  readonly bases: readonly BaseNote[];
  readonly problems: readonly SurveyProblem[];
}

export async function surveyFolder(opts: SurveyOptions, host: Host): Promise<Survey> {
  const config = readConfig(path.join(opts.root, CONFIG_FILE), opts.root);
  const builder = opts.builder ?? config.builder;
  const found = findDockerfiles(opts.root);
  // A Dockerfile a compose service or bake target builds is planned as that definition builds it.
  const targets = withDefinitions(discoverDockerfiles(found.files, config.dockerfiles, config.exclude), definitionTargets(opts.root, host.env), new Set(config.dockerfiles.map((d) => d.file)), []);
  if (!targets.length) throw new InputError('E_NO_DOCKERFILE', `no Dockerfile under ${opts.root} (looked for Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*); pass the folder that holds them`);
  const problems: SurveyProblem[] = found.unreadable.map((dir) => ({ path: dir, error: new InputError('E_NO_CONTEXT', `cannot read the folder ${dir}: Dockerfiles in it are not counted`) }));
  const prepared = targets.flatMap((target) => {
    const req = requestFor(opts, builder, target);
    try {
      const dockerfile = prepareFile(req, readDockerfile(req.dockerfile), host);
      return [{ target, req, dockerfile }];
    } catch (err) {
      problems.push({ path: target.dockerfile, error: surveyError(err) });
      return [];
    }
  });
  // One engine round for every image of every Dockerfile, before any context is hashed.
  const bases = await identifyBaseRefs(prepared.flatMap((p) => baseRefs(p.dockerfile.graph)), host);
  const baseIds = baseIdsOf(bases);
  const hash = await createHasher();
  const store = openStore(opts.storeDir);
  const dockerfiles: SurveyedDockerfile[] = [];
  for (const p of prepared) {
    const at = { path: labelOf(p.target), context: p.target.context, ...(p.target.definition ? { definition: p.target.definition } : {}) };
    try {
      const context = await loadContext({ root: p.req.contextDir, dockerfile: p.req.dockerfile, builder, statCacheDir: path.join(opts.storeDir, 'stat') });
      const outcome = planDockerfile({ ...p.req, prepared: p.dockerfile, context, hash, store: store.view, baseIds });
      if (outcome.kind === 'planned') dockerfiles.push({ ...at, plan: outcome.plan });
      else {
        problems.push({ path: at.path, error: new SourceMissingError(p.req.dockerfile, outcome.missing) });
        // What a failing build still makes before the missing source is shared like any other layer.
        dockerfiles.push({ ...at, plan: outcome.partial });
      }
    } catch (err) {
      problems.push({ path: at.path, error: surveyError(err) });
    }
  }
  return { builder, dockerfiles, bases, problems };
}

/** The errors that make one Dockerfile unplannable; anything else is not the Dockerfile's fault and ends the survey. */
function surveyError(err: unknown): SurveyError {
  if (err instanceof DockerfileError || err instanceof IgnoreFileError || err instanceof IgnoreFileNotRegular || err instanceof ContextUnreadableError) return err;
  throw err;
}

function requestFor(opts: SurveyOptions, builder: Builder, target: Target): PlanRequest {
  return {
    contextDir: path.join(opts.root, target.context),
    dockerfile: path.join(opts.root, target.dockerfile),
    builder,
    target: target.buildTarget ?? null,
    buildArgs: target.buildArgs ?? new Map(),
    storeDir: opts.storeDir,
  };
}

/** Two services building one Dockerfile are two builds: each is named by its definition. */
function labelOf(t: Target): string {
  return t.definition ? `${t.dockerfile} (${t.definition})` : t.dockerfile;
}

/** Dockerfile-named files under root, relative and POSIX (symlinks are not followed), and the folders that could not be read. */
export function findDockerfiles(root: string): { files: string[]; unreadable: string[] } {
  const files: string[] = [];
  const unreadable: string[] = [];
  const walk = (rel: string): void => {
    let entries;
    try {
      entries = readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch (err) {
      const code = err instanceof Error && 'code' in err ? String(err.code) : String(err);
      if (!rel) throw new InputError('E_NO_CONTEXT', `cannot read ${root} (${code}); pass a readable folder`);
      unreadable.push(rel);
      return;
    }
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !SKIP_DIRS.has(entry.name)) walk(child);
      else if (entry.isFile() && isDockerfileName(child)) files.push(child);
    }
  };
  walk('');
  return { files, unreadable };
}
