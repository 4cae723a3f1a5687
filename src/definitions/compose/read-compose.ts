/**
 * Compose files → one build definition per service with a `build:` section,
 * as `docker compose build` would build it: the files merged in order,
 * interpolated first, `extends` applied, services outside the active
 * profiles left out. Paths are relative to the project directory (the first
 * file's folder), those of an extended file to that file's folder.
 */
import { dockerfileIn, toContextSource } from '../context-source.js';
import { dirname, resolvePath } from '../posix-path.js';
import { fail, settle, type BuildDefinition, type ContextSource, type DefinitionWarning, type DefinitionsResult, type SourceText } from '../types.js';
import { isMapping, readYaml, type YamlFile } from '../yaml-text.js';
import { interpolate, interpolationMessage, InterpolationFailure } from './interpolate.js';
import { buildMapping, mergeCompose, namedMapping } from './merge.js';
import { parseDotenv } from './dotenv.js';

export interface ComposeInput {
  /** In `-f` order; the first one's folder is the project directory. */
  readonly files: readonly SourceText[];
  /** The interpolation environment: the process environment over `.env`. */
  readonly env: ReadonlyMap<string, string>;
  readonly profiles: readonly string[];
  /** Reads a file `extends: {file: …}` names (null: missing). */
  readonly readText: (path: string) => string | null;
}

interface Loaded {
  readonly file: string;
  readonly services: Record<string, unknown>;
  /** The top-level `include:` entries, interpolated. */
  readonly include: readonly unknown[];
}

export function readCompose(input: ComposeInput): DefinitionsResult {
  return settle((warn) => {
    const first = input.files[0];
    return first ? readProject(input, input.files, input.env, dirname(first.path), warn, []) : [];
  });
}

/** One project (the main one, or one `include:` brings in): its own services, then those it includes. */
function readProject(input: ComposeInput, files: readonly SourceText[], env: ReadonlyMap<string, string>, projectDir: string, warn: (w: DefinitionWarning) => void, seen: readonly string[]): BuildDefinition[] {
  const first = files[0] as SourceText;
  const loaded = files.map((f) => load(f, env, warn));
  const merged = loaded.reduce<Record<string, unknown>>((acc, l) => mergeCompose(acc, l.services, ['services']) as Record<string, unknown>, {});
  const ctx: Resolver = { input: { ...input, env }, warn, projectDir, cache: new Map() };
  const own = Object.keys(merged).flatMap((name) => {
    const service = withExtends(ctx, merged, name, first.path, projectDir, []);
    if (!isActive(service, input.profiles) || service.build === undefined) return [];
    const file = loaded.find((l) => isMapping(l.services[name]) && (l.services[name] as Record<string, unknown>).build !== undefined)?.file ?? first.path;
    return [toDefinition(name, service, file, projectDir, env)];
  });
  const included = loaded.flatMap((l) => l.include.flatMap((entry) => readInclude(input, entry, l.file, projectDir, warn, [...seen, ...files.map((f) => f.path)])));
  for (const d of included) {
    if (d.name in merged) fail({ kind: 'invalid', file: first.path, line: null, message: `services.${d.name} conflicts with the service of that name in included file ${d.origin.file}` });
  }
  return [...own, ...included];
}

/**
 * An `include:` entry (compose-spec "include"): `path` (one file, or a list
 * merged as -f files), `project_directory` (default: the first file's folder,
 * where its relative paths start) and `env_file` (default: `.env` there; the
 * environment wins over it, as over the main `.env`).
 */
function readInclude(input: ComposeInput, entry: unknown, from: string, baseDir: string, warn: (w: DefinitionWarning) => void, seen: readonly string[]): BuildDefinition[] {
  const spec = typeof entry === 'string' ? { path: entry } : isMapping(entry) ? entry : null;
  const paths = spec ? (Array.isArray(spec.path) ? spec.path.map(String) : typeof spec.path === 'string' ? [spec.path] : []) : [];
  if (!spec || !paths.length) fail({ kind: 'invalid', file: from, line: null, message: 'include: each entry is a path, or a mapping with path:' });
  const files = paths.map((p) => resolvePath(baseDir, p));
  const cycle = files.find((f) => seen.includes(f));
  if (cycle) fail({ kind: 'invalid', file: from, line: null, message: `include: ${cycle} includes itself (${[...seen, cycle].join(' → ')})` });
  const sources = files.map((path): SourceText => {
    const text = input.readText(path);
    if (text === null) fail({ kind: 'invalid', file: from, line: null, message: `include: cannot read ${path}` });
    return { path, text };
  });
  const projectDir = typeof spec.project_directory === 'string' ? resolvePath(baseDir, spec.project_directory) : dirname(files[0] as string);
  const envFiles = Array.isArray(spec.env_file) ? spec.env_file.map(String) : typeof spec.env_file === 'string' ? [spec.env_file] : null;
  const dotenv = (envFiles ? envFiles.map((f) => resolvePath(baseDir, f)) : [resolvePath(projectDir, '.env')]).map((f) => input.readText(f) ?? '');
  const fromFiles = dotenv.reduce<Map<string, string>>((acc, text) => new Map([...acc, ...parseDotenv(text, (k) => input.env.get(k) ?? acc.get(k))]), new Map());
  return readProject(input, sources, new Map([...fromFiles, ...input.env]), projectDir, warn, seen);
}

function load(source: SourceText, env: ReadonlyMap<string, string>, warn: (w: DefinitionWarning) => void): Loaded {
  const yaml = readYaml(source);
  const root = yaml.value ?? {};
  if (!isMapping(root)) fail({ kind: 'invalid', file: source.path, line: 1, message: 'a Compose file must be a mapping (services:, …)' });
  const services = root.services ?? {};
  if (!isMapping(services)) fail({ kind: 'invalid', file: source.path, line: yaml.lineOf(['services']), message: 'services must be a mapping of service names' });
  const include = root.include === undefined || root.include === null ? [] : root.include;
  if (!Array.isArray(include)) fail({ kind: 'invalid', file: source.path, line: yaml.lineOf(['include']), message: 'include must be a list of files' });
  return {
    file: source.path,
    services: interpolateTree(services, ['services'], yaml, env, warn) as Record<string, unknown>,
    include: interpolateTree(include, ['include'], yaml, env, warn) as unknown[],
  };
}

/** Interpolates every string value (never keys), as compose-go does before merging. */
function interpolateTree(v: unknown, path: readonly string[], yaml: YamlFile, env: ReadonlyMap<string, string>, warn: (w: DefinitionWarning) => void): unknown {
  if (typeof v === 'string') {
    try {
      return interpolate(v, (k) => env.get(k), (variable) => warn({ kind: 'unset-variable', file: yaml.file, variable }));
    } catch (err) {
      if (!(err instanceof InterpolationFailure)) throw err;
      const message = interpolationMessage(err.error, path.join('.'));
      if (err.error.kind === 'missing') fail({ kind: 'missing-variable', file: yaml.file, variable: err.error.variable, message });
      fail({ kind: 'invalid', file: yaml.file, line: yaml.lineOf(path), message });
    }
  }
  if (Array.isArray(v)) return v.map((x, i) => interpolateTree(x, [...path, String(i)], yaml, env, warn));
  if (isMapping(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, interpolateTree(x, [...path, k], yaml, env, warn)]));
  return v;
}

interface Resolver {
  readonly input: ComposeInput;
  readonly warn: (w: DefinitionWarning) => void;
  readonly projectDir: string;
  readonly cache: Map<string, Record<string, unknown>>;
}

/** The service with what it `extends` merged under it; an extended file's paths made absolute from its folder. */
function withExtends(ctx: Resolver, services: Record<string, unknown>, name: string, file: string, dir: string, seen: readonly string[]): Record<string, unknown> {
  const key = `${file}#${name}`;
  if (seen.includes(key)) fail({ kind: 'invalid', file, line: null, message: `services.${name}: extends forms a cycle (${[...seen, key].join(' → ')})` });
  const service = services[name];
  if (service === undefined) fail({ kind: 'unknown-name', file, name, known: Object.keys(services) });
  if (!isMapping(service)) fail({ kind: 'invalid', file, line: null, message: `services.${name} must be a mapping` });
  const ext = service.extends;
  if (ext === undefined) return absolutise(service, dir);
  const ref = typeof ext === 'string' ? { service: ext } : isMapping(ext) ? ext : null;
  if (!ref || typeof ref.service !== 'string') fail({ kind: 'invalid', file, line: null, message: `services.${name}.extends must name a service` });
  const { extends: _drop, ...own } = service;
  const baseFile = typeof ref.file === 'string' ? resolvePath(dirname(file), ref.file) : file;
  const baseServices = baseFile === file ? services : otherFile(ctx, baseFile, file, name);
  const base = withExtends(ctx, baseServices, ref.service, baseFile, baseFile === file ? dir : dirname(baseFile), [...seen, key]);
  return mergeCompose(base, absolutise(own, dir), ['services', name]) as Record<string, unknown>;
}

function otherFile(ctx: Resolver, path: string, from: string, name: string): Record<string, unknown> {
  const text = ctx.input.readText(path);
  if (text === null) fail({ kind: 'invalid', file: from, line: null, message: `services.${name}.extends: cannot read ${path}` });
  return load({ path, text }, ctx.input.env, ctx.warn).services;
}

/** Build paths relative to `dir` made absolute, so they survive a merge into a service of another file. */
function absolutise(service: Record<string, unknown>, dir: string): Record<string, unknown> {
  const build = buildMapping(service.build);
  if (!isMapping(build) || typeof build.context !== 'string') return service;
  const context = build.context;
  const local = toContextSource(context, dir, null);
  return { ...service, build: { ...build, context: local.kind === 'local' ? local.path : context } };
}

function isActive(service: Record<string, unknown>, profiles: readonly string[]): boolean {
  const own = Array.isArray(service.profiles) ? service.profiles.map(String) : [];
  return own.length === 0 || profiles.includes('*') || own.some((p) => profiles.includes(p));
}

function toDefinition(name: string, service: Record<string, unknown>, file: string, projectDir: string, env: ReadonlyMap<string, string>): BuildDefinition {
  const build = buildMapping(service.build);
  if (!isMapping(build)) fail({ kind: 'invalid', file, line: null, message: `services.${name}.build must be a path or a mapping` });
  const context = toContextSource(str(build.context) ?? '.', projectDir, null);
  const inline = str(build.dockerfile_inline);
  return {
    name,
    origin: { kind: 'compose', file, service: name },
    context,
    dockerfile: inline !== null ? { kind: 'inline', text: inline } : { kind: 'file', path: dockerfileIn(context, str(build.dockerfile) ?? 'Dockerfile') },
    target: str(build.target),
    args: args(build.args, env),
    namedContexts: new Map(Object.entries(namedMapping(build.additional_contexts)).map(([k, v]): [string, ContextSource] => [k, toContextSource(String(v ?? ''), projectDir, 'service:')])),
    platforms: list(build.platforms),
    noCache: build.no_cache === true || build.no_cache === 'true',
    network: str(build.network),
    secrets: (Array.isArray(build.secrets) ? build.secrets : []).map((s) => (isMapping(s) ? String(s.source ?? '') : String(s))),
    ssh: isMapping(build.ssh) ? Object.entries(build.ssh).map(([k, v]) => `${k}=${String(v)}`) : list(build.ssh),
    unresolved: [],
  };
}

/** `args: [K]` or `{K: null}` takes K from the environment, and is not passed when it is unset there. */
function args(v: unknown, env: ReadonlyMap<string, string>): Map<string, string> {
  return new Map(
    Object.entries(namedMapping(v)).flatMap(([k, value]): [string, string][] => {
      if (value === null || value === undefined) return env.has(k) ? [[k, env.get(k) as string]] : [];
      return [[k, String(value)]];
    }),
  );
}

function str(v: unknown): string | null {
  return v === undefined || v === null ? null : String(v);
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
}
