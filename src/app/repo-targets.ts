/**
 * A repository's Dockerfiles as `check`, `lint` and `fix` see them: the
 * config, the Dockerfiles found in the git index (or named by flags), the
 * rule settings, and per Dockerfile the facts the rules read.
 */
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { openRepo } from '../git/repo.js';
import { readSide, type Side } from '../git/side.js';
import { readIndexTree, type GitTree } from '../git/tree.js';
import { pathsUnder } from '../git/tree-context.js';
import { CONFIG_FILE, ConfigError, readConfig, type RepoConfig } from '../project/config.js';
import { discoverDockerfiles, excludePatternProblem, type Target } from '../project/discover.js';
import type { ContextFacts, RuleSettings } from '../rules/index.js';
import type { StepDurations } from '../store/types.js';
import { definitionName, definitionTargets, indexFs } from './definition-targets.js';

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
}

export interface Setup {
  readonly root: string;
  readonly config: RepoConfig;
  readonly settings: RuleSettings;
  readonly targets: readonly Target[];
  readonly index: GitTree;
  readonly overrides: { readonly target: string | null; readonly buildArgs: ReadonlyMap<string, string> };
}

export function setUp(opts: CheckOptions, index?: GitTree): Setup {
  const repo = openRepo(opts.cwd);
  return setUpWith(opts, repo.root, index ?? readIndexTree(repo.root));
}

/** `definitions`: where compose/bake/workflow files are read (check: as staged; lint and fix: as on disk). */
export function setUpWith(opts: CheckOptions, root: string, index: GitTree, definitions: 'index' | 'disk' = 'disk'): Setup {
  const repo = { root };
  const config = readConfig(opts.config ?? path.join(repo.root, CONFIG_FILE), repo.root);
  for (const p of opts.exclude) {
    const problem = excludePatternProblem(p);
    if (problem) throw new ConfigError('--exclude', `${JSON.stringify(p)} is not a valid pattern (${problem}); use .dockerignore syntax`);
  }
  const rel = (abs: string): string => path.relative(repo.root, abs).split(path.sep).join('/');
  // A -f file keeps its .layerplan.json target and args; its context is the flag's, else its folder.
  const given = opts.files.map((f) => {
    const setting = config.dockerfiles.find((d) => d.file === rel(f));
    return { ...setting, file: rel(f), context: opts.context ? rel(opts.context) : setting?.context ?? rel(path.dirname(f)) };
  });
  const settingsFor = [...config.dockerfiles, ...given];
  const discovered = discoverDockerfiles(index.keys(), settingsFor, [...config.exclude, ...opts.exclude]);
  const all = withDefinitions(discovered, definitionTargets(repo.root, opts.env, definitions === 'index' ? indexFs(repo.root, index) : undefined), new Set(config.dockerfiles.map((d) => d.file)), opts.services ?? []);
  const targets = given.length ? all.filter((t) => given.some((g) => g.file === t.dockerfile)) : all;
  const settings = new Map([...config.rules, ...opts.rules]);
  return { root: repo.root, config, settings, targets, index, overrides: { target: opts.target ?? null, buildArgs: opts.buildArgs ?? new Map() } };
}

/**
 * A Dockerfile that a compose/bake/workflow definition builds is planned as
 * each definition builds it (its stage, args, context) rather than as a
 * plain build of its last stage; a .layerplan.json setting for it wins.
 */
export function withDefinitions(discovered: readonly Target[], defs: readonly Target[], configured: ReadonlySet<string>, services: readonly string[]): Target[] {
  if (services.length) {
    const missing = services.find((s) => !defs.some((d) => definitionName(d) === s));
    if (missing !== undefined) throw new ConfigError('--service', `no build definition named "${missing}" (defined: ${[...new Set(defs.map(definitionName))].join(', ') || 'none'})`);
    return defs.filter((d) => services.includes(definitionName(d) ?? ''));
  }
  const used = defs.filter((d) => !configured.has(d.dockerfile));
  const byDefinition = new Set(used.map((d) => d.dockerfile));
  return [...discovered.filter((t) => !byDefinition.has(t.dockerfile)), ...used].sort((a, b) => a.dockerfile.localeCompare(b.dockerfile));
}

/** One Dockerfile as it is on disk, with its context as staged and the working tree's file modes. */
export interface LintInput {
  readonly target: Target;
  readonly text: string;
  readonly facts: ContextFacts;
}

/** Every Dockerfile of the set-up, as on disk (else as staged), with its facts. */
export function lintInputs(opts: CheckOptions, readText: (abs: string) => string | null): { setup: Setup; inputs: LintInput[] } {
  const s = setUp(opts);
  const inputs = s.targets.flatMap((target): LintInput[] => {
    const side = readSide(s.root, s.index, target, s.config.builder);
    const text = readText(path.join(s.root, target.dockerfile)) ?? side.text;
    return text === null ? [] : [{ target, text, facts: factsOf(side, target, s, [...pathsUnder(s.index, target.context).keys()]) }];
  });
  return { setup: s, inputs };
}

/** Facts for the rules; file modes are read (lstat) only for `statPaths`, relative to the context. */
export function factsOf(side: Side, target: Target, s: Setup, statPaths: readonly string[]): ContextFacts {
  const ctxAbs = path.join(s.root, target.context);
  const localModes = new Map<string, number>();
  for (const p of statPaths) {
    try {
      const st = lstatSync(path.join(ctxAbs, p));
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
    present: new Set(pathsUnder(s.index, target.context).keys()),
    topNames,
    localModes,
  };
}

/** The stage and args a target is built with: the flags (--target, --build-arg) over its definition's or setting's. */
export function buildOf(target: Target, overrides: Setup['overrides']): { target: string | null; args: ReadonlyMap<string, string> } {
  return { target: overrides.target ?? target.buildTarget ?? null, args: new Map([...(target.buildArgs ?? []), ...overrides.buildArgs]) };
}
