/**
 * `.layerplan.json` at the repository root: which Dockerfiles to check and
 * with which context, what to skip, and rule settings.
 *
 *   { "dockerfiles": [{ "file": "docker/api.Dockerfile", "context": ".", "target": "prod", "args": { "V": "1" } }],
 *     "exclude": ["vendor/", "testdata/**"],
 *     "rules": { "LP301": "off", "LP201": "error" },
 *     "builder": "buildkit" }
 */
import { readRegularFile } from '../context/index.js';
import path from 'node:path';
import type { Builder } from '../key/index.js';
import type { RuleSettings, Severity } from '../rules/index.js';
import { excludePatternProblem, type DockerfileSetting } from './discover.js';
import { errorCode, errorMessage } from '../lang/error-code.js';

export const CONFIG_FILE = '.layerplan.json';

export type { DockerfileSetting };

const TOP_KEYS = new Set(['dockerfiles', 'exclude', 'rules', 'builder']);
const DOCKERFILE_KEYS = new Set(['file', 'context', 'target', 'args']);

export interface RepoConfig {
  readonly dockerfiles: readonly DockerfileSetting[];
  readonly exclude: readonly string[];
  readonly rules: RuleSettings;
  readonly builder: Builder;
}

/** `file` is the config's path (or the flag, e.g. `--exclude`) the problem is in; `reason` says what to fix. */
export class ConfigError extends Error {
  constructor(readonly file: string, readonly reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'ConfigError';
  }
}

const LEVELS = new Set(['off', 'error', 'warning', 'info']);

/** Reads the config (absent: defaults). `file` is absolute. */
export function readConfig(file: string, repoRoot: string): RepoConfig {
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return { dockerfiles: [], exclude: [], rules: new Map(), builder: 'buildkit' };
    throw new ConfigError(file, `cannot read it (${errorMessage(err)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(file, `not valid JSON (${errorMessage(err)}); fix it or delete it`);
  }
  return toConfig(raw, file, repoRoot);
}

function toConfig(raw: unknown, file: string, repoRoot: string): RepoConfig {
  if (!isObject(raw)) throw new ConfigError(file, 'must be a JSON object');
  const o = raw as Record<string, unknown>;
  const unknownTop = Object.keys(o).find((k) => !TOP_KEYS.has(k));
  if (unknownTop !== undefined) throw new ConfigError(file, `unknown key "${unknownTop}"; the keys are ${[...TOP_KEYS].join(', ')}`);
  const dir = path.dirname(file);
  const rel = (p: string): string => toRepoPath(path.resolve(dir, p), repoRoot);
  const dockerfiles = arrayOf(o.dockerfiles, file, 'dockerfiles').map((d, i) => {
    const e = d as Record<string, unknown>;
    if (typeof e?.file !== 'string') throw new ConfigError(file, `dockerfiles[${i}].file must be a path`);
    const unknown = Object.keys(e).find((k) => !DOCKERFILE_KEYS.has(k));
    if (unknown !== undefined) throw new ConfigError(file, `dockerfiles[${i}] has an unknown key "${unknown}"; the keys are ${[...DOCKERFILE_KEYS].join(', ')}`);
    const ctx = typeof e.context === 'string' ? e.context : path.dirname(e.file);
    if (e.target !== undefined && typeof e.target !== 'string') throw new ConfigError(file, `dockerfiles[${i}].target must be a stage name`);
    if (e.args !== undefined && (!isObject(e.args) || !Object.values(e.args).every((v) => typeof v === 'string'))) throw new ConfigError(file, `dockerfiles[${i}].args must be an object of strings, e.g. { "VERSION": "1" }`);
    return { file: rel(e.file), context: rel(ctx), ...(typeof e.target === 'string' ? { target: e.target } : {}), ...(e.args ? { args: new Map(Object.entries(e.args as Record<string, string>)) } : {}) };
  });
  const exclude = arrayOf(o.exclude, file, 'exclude').map((p, i) => {
    if (typeof p !== 'string') throw new ConfigError(file, `exclude[${i}] must be a pattern`);
    const problem = excludePatternProblem(p);
    if (problem) throw new ConfigError(file, `exclude[${i}] ${JSON.stringify(p)} is not a valid pattern (${problem}); fix or remove it`);
    return p;
  });
  const rules = new Map<string, Severity | 'off'>();
  if (o.rules !== undefined && !isObject(o.rules)) throw new ConfigError(file, 'rules must be an object of rule ids, e.g. { "LP301": "off" }');
  for (const [id, level] of Object.entries(o.rules ?? {})) {
    if (typeof level !== 'string' || !LEVELS.has(level)) throw new ConfigError(file, `rules.${id} must be one of off, error, warning, info`);
    rules.set(id.toUpperCase(), level as Severity | 'off');
  }
  const builder = o.builder ?? 'buildkit';
  if (builder !== 'buildkit' && builder !== 'buildah') throw new ConfigError(file, 'builder must be "buildkit" or "buildah"');
  return { dockerfiles, exclude, rules, builder };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function arrayOf(v: unknown, file: string, name: string): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ConfigError(file, `${name} must be an array`);
  return v;
}

/** An absolute path as a repo-relative POSIX path ('' for the root). */
export function toRepoPath(abs: string, repoRoot: string): string {
  const rel = path.relative(repoRoot, abs).split(path.sep).join('/');
  return rel === '.' ? '' : rel;
}
