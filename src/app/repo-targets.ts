/**
 * A repository's Dockerfiles as `check`, `lint` and `fix` see them: the
 * config, the Dockerfiles found in the git index (or named by flags), the
 * rule settings, and per Dockerfile the facts the rules read.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Side } from '../git/side.js';
import type { DefinedBuilds, MissingBuild } from './definition-targets.js';
import { hasPathUnder, pathsContaining, type GitTree } from '../git/tree.js';
import { CONFIG_FILE, ConfigError, readConfig, type RepoConfig } from '../project/config.js';
import { discoverDockerfiles, excludePatternProblem, sortTargets, type Target, type TargetOrder } from '../project/discover.js';
import type { ContextFacts, PathSet, RuleSettings } from '../rules/index.js';
import type { StepDurations } from '../store/types.js';
import { DISK, mayDefineBuilds, type DefinitionFs } from '../project/definition-names.js';

export interface CheckOptions {
  readonly cwd: string;
  /** The revision the index is compared with. */
  readonly against: string;
  /** Only these Dockerfiles (absolute paths), else every one in the repository. */
  readonly files: readonly string[];
  /** Context folder (absolute) for the `files` given. */
  readonly context: string | null;
  readonly exclude: readonly string[];
  /** Absolute config path, or null for `<repo>/.layerplan.json`. */
  readonly config: string | null;
  /** Rule settings from flags, over the config's. */
  readonly rules: RuleSettings;
  /** --target: the stage every planned Dockerfile builds, over its definition's or setting's. */
  readonly target?: string | null;
  /** --build-arg values, over those of each definition or setting. */
  readonly buildArgs?: ReadonlyMap<string, string>;
  /** --service: only the builds of these compose services / bake targets / workflow steps. */
  readonly services?: readonly string[];
  /** Environment for compose/bake interpolation. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Node's CPU name (Host.arch): the platform ARGs the Dockerfiles are planned with. */
  readonly arch: string;
  /** Step durations from real builds (read only when a Dockerfile is planned); none when absent. */
  readonly durations?: () => StepDurations;
  /** How the two sides are keyed; default restricted (see CheckDerivation). */
  readonly derivation?: CheckDerivation;
}

/**
 * restricted: fingerprints of the files a change replaced only, where that
 * decides the same (context/restricted.ts), else in full; full: every
 * selected entry, always (the reference); both: each, and an error when
 * their reports differ (tests, and LAYERPLAN_CHECK_DERIVATION=both).
 */
export type CheckDerivation = 'restricted' | 'full' | 'both';

export interface Setup {
  readonly root: string;
  readonly config: RepoConfig;
  readonly settings: RuleSettings;
  readonly targets: readonly Target[];
  /** Builds the definition files name whose context folder is missing (reported as LP001 at their file:line). */
  readonly missing: readonly MissingBuild[];
  readonly index: GitTree;
  readonly overrides: { readonly target: string | null; readonly buildArgs: ReadonlyMap<string, string> };
}

/**
 * The builds the compose, bake and workflow files define, as targets: `index` read as staged (check),
 * else as on disk. Their readers (YAML, HCL: ~150 KB of code) load only when such a file may exist, on
 * disk or in the index, so a repository without one never pays for them on the pre-commit path.
 */
export async function definitionTargetsOf(root: string, env: CheckOptions['env'], index: GitTree | null): Promise<DefinedBuilds> {
  if (!mayDefineBuilds(root, env, index === null ? DISK : diskOrIndex(root, index))) return { targets: [], missing: [] };
  const { definitionBuilds, indexFs } = await import('./definition-targets.js');
  return definitionBuilds(root, env, index === null ? undefined : indexFs(root, index));
}

/** A file or folder on disk or in the index: where either has a definition file, the readers may find builds. */
function diskOrIndex(root: string, index: GitTree): DefinitionFs {
  const rel = (abs: string): string => relative(root, abs).split(sep).join('/');
  // A folder that is not there would be looked for in all 20,000 paths: the listing is searched instead.
  return { ...DISK, isFile: (abs) => index.has(rel(abs)) || DISK.isFile(abs), isDir: (abs) => DISK.isDir(abs) || hasPathUnder(index, rel(abs)) };
}

/** `defined`: the builds the definition files name (definitionTargetsOf); `order`: of Setup.targets. */
export function setUpWith(opts: CheckOptions, root: string, index: GitTree, { targets: defined, missing: definedMissing }: DefinedBuilds, order: TargetOrder = 'sorted'): Setup {
  const repo = { root };
  const config = readConfig(opts.config ?? join(repo.root, CONFIG_FILE), repo.root);
  for (const p of opts.exclude) {
    const problem = excludePatternProblem(p);
    if (problem) throw new ConfigError('--exclude', `${JSON.stringify(p)} is not a valid pattern (${problem}); use .dockerignore syntax`);
  }
  const rel = (abs: string): string => relative(repo.root, abs).split(sep).join('/');
  // A -f file keeps its .layerplan.json target and args; its context is the flag's, else its folder.
  const given = opts.files.map((f) => {
    const setting = config.dockerfiles.find((d) => d.file === rel(f));
    return { ...setting, file: rel(f), context: opts.context ? rel(opts.context) : setting?.context ?? rel(dirname(f)) };
  });
  const settingsFor = [...config.dockerfiles, ...given];
  // Every Dockerfile name contains one of these: the listing is searched for them, not every path tested.
  const discovered = discoverDockerfiles(pathsContaining(index, ['Dockerfile', 'Containerfile']), settingsFor, [...config.exclude, ...opts.exclude], 'found');
  const all = sameBuildsOnce(withDefinitions(discovered, defined, new Set(config.dockerfiles.map((d) => d.file)), opts.services ?? [], order, definedMissing.map(definitionName)));
  const targets = given.length ? all.filter((t) => given.some((g) => g.file === t.dockerfile)) : all;
  const settings = new Map([...config.rules, ...opts.rules]);
  const services = opts.services ?? [];
  const missing = definedMissing.filter((m) => (!given.length || given.some((g) => g.file === m.dockerfile)) && (!services.length || services.includes(definitionName(m) ?? '')));
  return { root: repo.root, config, settings, targets, missing, index, overrides: { target: opts.target ?? null, buildArgs: opts.buildArgs ?? new Map() } };
}

/**
 * A Dockerfile that a compose/bake/workflow definition builds is planned as
 * each definition builds it (its stage, args, context) rather than as a
 * plain build of its last stage; a .layerplan.json setting for it wins.
 */
/** The name `--service` matches: the compose service, bake target or workflow step. */
export function definitionName(t: Pick<Target, 'definition'>): string | null {
  return t.definition ? (/"([^"]+)"/.exec(t.definition)?.[1] ?? null) : null;
}

/**
 * `unbuildable`: names of definitions whose context folder is missing: asked for by `--service`, such a
 * one is no target but not unknown either (lint and check report it as LP001 at its line).
 */
export function withDefinitions(discovered: readonly Target[], defs: readonly Target[], configured: ReadonlySet<string>, services: readonly string[], order: TargetOrder = 'sorted', unbuildable: readonly (string | null)[] = []): Target[] {
  if (services.length) {
    const missing = services.find((s) => !defs.some((d) => definitionName(d) === s) && !unbuildable.includes(s));
    if (missing !== undefined) throw new ConfigError('--service', `no build definition named "${missing}" (defined: ${[...new Set(defs.map(definitionName))].join(', ') || 'none'})`);
    return defs.filter((d) => services.includes(definitionName(d) ?? ''));
  }
  const used = defs.filter((d) => !configured.has(d.dockerfile));
  const byDefinition = new Set(used.map((d) => d.dockerfile));
  const all = [...discovered.filter((t) => !byDefinition.has(t.dockerfile)), ...used];
  return order === 'sorted' ? sortTargets(all) : all;
}

/**
 * Two definitions that build a Dockerfile the same way (umami's workflow pushes the same build to two
 * registries) plan the same and find the same: one target, naming both.
 */
function sameBuildsOnce(targets: readonly Target[]): Target[] {
  const byBuild = new Map<string, Target>();
  for (const t of targets) {
    // Everything that decides the build but the definition's name (inline text and named contexts included).
    const { definition: _name, buildArgs, ...rest } = t;
    const key = JSON.stringify([rest, [...(buildArgs ?? [])].sort()]);
    const seen = byBuild.get(key);
    if (!seen) byBuild.set(key, t);
    else if (t.definition && seen.definition !== t.definition) byBuild.set(key, { ...seen, definition: seen.definition ? `${seen.definition}; ${t.definition}` : t.definition });
  }
  return [...byBuild.values()];
}

/** Facts for the rules; file modes are read (lstat) only for `statPaths`, relative to the context. */
export function factsOf(side: Side, target: Target, s: Setup, statPaths: readonly string[]): ContextFacts {
  const ctxAbs = join(s.root, target.context);
  const localModes = new Map<string, number>();
  for (const p of statPaths) {
    try {
      const st = lstatSync(join(ctxAbs, p));
      if (st.isFile()) localModes.set(p, st.mode & 0o7777);
    } catch {
      // Deleted in the working tree: nothing to say about its mode.
    }
  }
  let topNames: string[] = [];
  try {
    topNames = readdirSync(ctxAbs);
  } catch {
    topNames = [];
  }
  return {
    snapshot: side.snapshot,
    ignoreFile: side.snapshot.ignoreFile,
    ignore: side.ignoreFile ? side.ignore : null,
    present: presentUnder(s.index, target.context),
    topNames,
    localModes,
  };
}

/** The index's paths under the context folder, relative to it, as a view: no copy of every name for the rules that never ask. */
function presentUnder(index: GitTree, dir: string): PathSet {
  if (dir === '') return index;
  const prefix = `${dir}/`;
  return {
    has: (p) => index.has(prefix + p),
    *keys() {
      for (const p of index.keys()) if (p.startsWith(prefix)) yield p.slice(prefix.length);
    },
  };
}

/** The stage and args a target is built with: the flags (--target, --build-arg) over its definition's or setting's. */
export function buildOf(target: Target, overrides: Setup['overrides']): { target: string | null; args: ReadonlyMap<string, string> } {
  return { target: overrides.target ?? target.buildTarget ?? null, args: new Map([...(target.buildArgs ?? []), ...overrides.buildArgs]) };
}
