/**
 * The edge of `layerplan layers DIR`: find every Dockerfile under DIR, ask
 * the engine about all their base images at once, and plan each one against
 * the cache store without recording anything (as `build --dry-run`).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { CliError } from '../cli/errors.js';
import { baseIdsOf, baseRefs, identifyBaseRefs, planWithContext, prepareDockerfile, readDockerfile, SourceMissing, type PlanRequest } from './plan-build.js';
import { createHasher, loadContext } from '../context/index.js';
import { CONFIG_FILE, ConfigError, readConfig } from '../project/config.js';
import { discoverDockerfiles, isDockerfileName, type Target } from '../project/discover.js';
import type { Builder } from '../key/index.js';
import type { Plan } from '../plan/index.js';
import { openStore } from '../store/index.js';
import type { BaseNote } from '../layers/base-layers.js';

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
  /** Relative to the root, POSIX. */
  readonly path: string;
  /** Build context, relative to the root ('' = the root). */
  readonly context: string;
  readonly plan: Plan;
}

export interface SurveyProblem {
  /** The Dockerfile (or the unreadable folder) it concerns, relative to the root. */
  readonly path: string;
  /** "file:line" when the problem has a line. */
  readonly where: string | null;
  readonly message: string;
}

export interface Survey {
  readonly builder: Builder;
  readonly dockerfiles: readonly SurveyedDockerfile[];
  readonly bases: readonly BaseNote[];
  readonly problems: readonly SurveyProblem[];
}

export async function surveyFolder(opts: SurveyOptions): Promise<Survey> {
  const config = readFolderConfig(opts.root);
  const builder = opts.builder ?? config.builder;
  const found = findDockerfiles(opts.root);
  const targets = discoverDockerfiles(found.files, config.dockerfiles, config.exclude);
  if (!targets.length) throw new CliError(`no Dockerfile under ${opts.root} (looked for Dockerfile, Containerfile, *.Dockerfile, Dockerfile.*); pass the folder that holds them`, 'E_NO_DOCKERFILE');
  const problems: SurveyProblem[] = found.unreadable.map((dir) => ({ path: dir, where: null, message: `cannot read the folder ${dir}: Dockerfiles in it are not counted` }));
  const prepared = targets.flatMap((target) => {
    const req = requestFor(opts, builder, target);
    try {
      const text = readDockerfile(req.dockerfile);
      return [{ target, req, text, refs: baseRefs(prepareDockerfile(req, text).graph) }];
    } catch (err) {
      problems.push(problemOf(target, err));
      return [];
    }
  });
  // One engine round for every image of every Dockerfile, before any context is hashed.
  const bases = await identifyBaseRefs(prepared.flatMap((p) => p.refs));
  const baseIds = baseIdsOf(bases);
  const hash = await createHasher();
  const store = openStore(opts.storeDir);
  const dockerfiles: SurveyedDockerfile[] = [];
  for (const p of prepared) {
    try {
      const context = await loadContext({ root: p.req.contextDir, dockerfile: p.req.dockerfile, builder, statCacheDir: path.join(opts.storeDir, 'stat') });
      dockerfiles.push({ path: p.target.dockerfile, context: p.target.context, plan: planWithContext({ ...p.req, baseIds }, p.text, context, hash, store.view) });
    } catch (err) {
      problems.push(problemOf(p.target, err));
      // What a failing build still makes before the missing source is shared like any other layer.
      if (err instanceof SourceMissing) dockerfiles.push({ path: p.target.dockerfile, context: p.target.context, plan: err.partial });
    }
  }
  return { builder, dockerfiles, bases, problems };
}

function readFolderConfig(root: string): ReturnType<typeof readConfig> {
  try {
    return readConfig(path.join(root, CONFIG_FILE), root);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, 'E_CONFIG', undefined, err.file);
    throw err;
  }
}

function requestFor(opts: SurveyOptions, builder: Builder, target: Target): PlanRequest {
  return {
    contextDir: path.join(opts.root, target.context),
    dockerfile: path.join(opts.root, target.dockerfile),
    builder,
    target: null,
    buildArgs: new Map(),
    storeDir: opts.storeDir,
  };
}

function problemOf(target: Target, err: unknown): SurveyProblem {
  if (err instanceof CliError) return { path: target.dockerfile, where: err.where ?? null, message: err.message };
  throw err;
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
      if (!rel) throw new CliError(`cannot read ${root} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); pass a readable folder`, 'E_NO_CONTEXT');
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
