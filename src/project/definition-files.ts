/**
 * The edge of src/definitions/: which compose, bake and workflow files a
 * folder has (the names and precedence Compose and buildx use), their text,
 * `.env`, the environment and the clock, and whether each definition's local
 * context exists. Every failure is one DefinitionFileError naming the file.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseDotenv, problemText, readBake, readCompose, readWorkflow, type BuildDefinition, type DefinitionsResult, type DefinitionWarning, type SourceText } from '../definitions/index.js';
import { BAKE_FILES, composeFilesIn, DISK, originName, type DefinitionFs } from './definition-names.js';
import { readYaml } from '../definitions/yaml-text.js';
import { assertNever } from '../lang/assert-never.js';
import { errorCode } from '../lang/error-code.js';

export { BAKE_FILES, COMPOSE_FILES, COMPOSE_OVERRIDE_FILES, composeFilesIn, DISK, hasBakeFile, originName, type DefinitionFs } from './definition-names.js';

export type Env = Readonly<Record<string, string | undefined>>;

export class DefinitionFileError extends Error {
  constructor(message: string, readonly code: 'E_DEFINITION' | 'E_NO_CONTEXT' | 'E_UNKNOWN_DEFINITION') {
    super(message);
    this.name = 'DefinitionFileError';
  }
}

export interface LoadedDefinitions {
  readonly files: readonly string[];
  /** With `keepMissing`, those whose local context exists; else all (a missing one throws). */
  readonly definitions: readonly BuildDefinition[];
  readonly warnings: readonly DefinitionWarning[];
  /** With `keepMissing`: the definitions whose local context folder does not exist (the real tool fails on each). */
  readonly missing: readonly MissingContext[];
}

/** A definition whose local build context folder is not there, and the line of its file that names it. */
export interface MissingContext {
  readonly definition: BuildDefinition;
  /** 1-based line of the context setting (else the service or target) in the definition's file; null when not found. */
  readonly line: number | null;
}

export interface ComposeRequest {
  readonly dir: string;
  /** `-f` files (absolute); none: COMPOSE_FILE, else the default names in `dir`. */
  readonly files: readonly string[];
  readonly env: Env;
  /** --profile values; none: COMPOSE_PROFILES. */
  readonly profiles: readonly string[];
  readonly fs?: DefinitionFs;
  /** Report a definition whose local context is missing in `missing` instead of throwing (lint, check: the others still count). */
  readonly keepMissing?: boolean;
}

export function loadCompose(req: ComposeRequest): LoadedDefinitions {
  const fs = req.fs ?? DISK;
  const outer = envMap(req.env);
  // .env beside the (first) file sets COMPOSE_FILE and COMPOSE_PROFILES too; the environment wins over it.
  const early = withDotenv(req.dir, outer, fs);
  const files = req.files.length ? [...req.files] : composeFilesIn(req.dir, early, fs);
  if (!files.length) return { files, definitions: [], warnings: [], missing: [] };
  const env = withDotenv(path.dirname(files[0] as string), outer, fs);
  const profiles = req.profiles.length ? req.profiles : (env.get('COMPOSE_PROFILES') ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const result = readCompose({ files: files.map((f) => readSource(f, fs)), env, profiles, readText: fs.read });
  return checked(files, result, fs, req.keepMissing ?? false);
}

export interface BakeRequest {
  readonly dir: string;
  /** `--bake-file` files (absolute); none: BUILDX_BAKE_FILE, else buildx's default list in `dir`. */
  readonly files: readonly string[];
  readonly targets: readonly string[];
  readonly env: Env;
  readonly fs?: DefinitionFs;
  readonly keepMissing?: boolean;
}

export function bakeFilesIn(dir: string, env: ReadonlyMap<string, string>, fs: DefinitionFs = DISK): string[] {
  const listed = env.get('BUILDX_BAKE_FILE');
  if (listed) return listed.split(env.get('BUILDX_BAKE_PATH_SEPARATOR') || path.delimiter).map((f) => f.trim()).filter(Boolean).map((f) => path.resolve(dir, f));
  return BAKE_FILES.map((n) => path.join(dir, n)).filter(fs.isFile);
}

export function loadBake(req: BakeRequest): LoadedDefinitions {
  const fs = req.fs ?? DISK;
  const env = envMap(req.env);
  const files = req.files.length ? [...req.files] : bakeFilesIn(req.dir, env, fs);
  if (!files.length) return { files, definitions: [], warnings: [], missing: [] };
  const result = readBake({ files: files.map((f) => readSource(f, fs)), workdir: req.dir, env, targets: req.targets, host: { now: new Date().toISOString(), homedir: homedir() }, readText: fs.read });
  return checked(files, result, fs, req.keepMissing ?? false);
}

/** Every build-push-action step, and the targets of every bake-action step, in `.github/workflows/`. */
export function loadWorkflows(repoRoot: string, env: Env, fs: DefinitionFs = DISK, keepMissing = false): LoadedDefinitions {
  const dir = path.join(repoRoot, '.github', 'workflows');
  const names = fs.list(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
  const sources = names.map((n) => readSource(path.join(dir, n), fs));
  // A reusable workflow another one here calls is read through its callers (with their inputs), not alone.
  const calledHere = new Set(sources.flatMap((s) => [...s.text.matchAll(/uses:\s*["']?\.\/(\.github\/workflows\/[^\s"'@]+)/g)].map((m) => path.join(repoRoot, m[1] as string))));
  const loaded = sources.filter((s) => !calledHere.has(s.path)).map((source) => {
    const file = source.path;
    const builds = readWorkflow(source, repoRoot, fs.read);
    const own = checked([file], builds.definitions, fs, keepMissing);
    const bakes = builds.bakeSteps.filter((s) => !s.unresolved.length).map((step) => {
      const asStep = (d: BuildDefinition): BuildDefinition => ({ ...d, origin: { kind: 'workflow', file: step.file, job: step.job, step: `${step.step} (bake target ${d.name})`, line: step.line } });
      const bake = loadBake({ dir: step.workdir, files: step.files, targets: step.targets, env, fs, keepMissing });
      return { definitions: bake.definitions.map(asStep), missing: bake.missing.map((m) => ({ definition: asStep(m.definition), line: step.line })) };
    });
    return { definitions: [...own.definitions, ...bakes.flatMap((b) => b.definitions)], warnings: own.warnings, missing: [...own.missing, ...bakes.flatMap((b) => b.missing)] };
  });
  return { files: names, definitions: loaded.flatMap((l) => l.definitions), warnings: loaded.flatMap((l) => l.warnings), missing: loaded.flatMap((l) => l.missing) };
}

/** A definition whose local context is missing would fail in the real tool: say which and where (thrown, or kept in `missing`). */
function checked(files: readonly string[], result: DefinitionsResult, fs: DefinitionFs, keepMissing: boolean): LoadedDefinitions {
  if (!result.ok) throw new DefinitionFileError(`${relative(problemText(result.problem))}; fix it and run again`, result.problem.kind === 'unknown-name' ? 'E_UNKNOWN_DEFINITION' : 'E_DEFINITION');
  const definitions: BuildDefinition[] = [];
  const missing: MissingContext[] = [];
  for (const d of result.definitions) {
    if (d.context.kind !== 'local' || fs.isDir(d.context.path)) definitions.push(d);
    else if (keepMissing) missing.push({ definition: d, line: contextLine(d, fs) });
    else throw new DefinitionFileError(`${relative(d.origin.file)}: ${originName(d)}: build context ${relative(d.context.path)} does not exist; create it or fix the path`, 'E_NO_CONTEXT');
  }
  return { files, definitions, warnings: result.warnings, missing };
}

/** Where the definition's file names its context: read again, only for a context that is missing. */
function contextLine(d: BuildDefinition, fs: DefinitionFs): number | null {
  const text = (): string => fs.read(d.origin.file) ?? DISK.read(d.origin.file) ?? '';
  switch (d.origin.kind) {
    case 'workflow':
      return d.origin.line;
    case 'compose':
      return composeLine(d.origin.file, text(), d.origin.service);
    case 'bake':
      return bakeLine(text(), d.origin.target);
    default:
      return assertNever(d.origin);
  }
}

/** HCL `target "NAME" {` or JSON `"NAME": {`, and the `context` line in that block when there is one before its first `}`. */
function bakeLine(text: string, target: string): number | null {
  const lines = text.split(/\r?\n/);
  const header = new RegExp(`^\\s*(target\\s+)?"${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:?\\s*\\{`);
  const at = lines.findIndex((l) => header.test(l));
  if (at < 0) return null;
  for (let i = at + 1; i < lines.length && !/^\s*\}/.test(lines[i] ?? ''); i++) if (/^\s*"?context"?\s*[=:]/.test(lines[i] ?? '')) return i + 1;
  return at + 1;
}

function composeLine(file: string, text: string, service: string): number | null {
  try {
    const yaml = readYaml({ path: file, text });
    return yaml.lineOf(['services', service, 'build', 'context']) ?? yaml.lineOf(['services', service, 'build']) ?? yaml.lineOf(['services', service]);
  } catch {
    return null; // It parsed once already; a file that no longer does has no line to give.
  }
}

/** `.env` is usually not committed: read from the index when it is there, else from the working tree. */
function withDotenv(dir: string, outer: ReadonlyMap<string, string>, fs: DefinitionFs): Map<string, string> {
  const file = path.join(dir, '.env');
  const text = outer.get('COMPOSE_DISABLE_ENV_FILE') ? null : fs.read(file) ?? DISK.read(file);
  if (text === null) return new Map(outer);
  return new Map([...parseDotenv(text, (k) => outer.get(k)), ...outer]);
}

function envMap(env: Env): Map<string, string> {
  return new Map(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

function readSource(file: string, fs: DefinitionFs): SourceText {
  if (fs !== DISK) {
    const text = fs.read(file);
    if (text === null) throw new DefinitionFileError(`cannot read ${relative(file)}: not in the git index; git add it or check the path`, 'E_DEFINITION');
    return { path: file, text };
  }
  try {
    return { path: file, text: readFileSync(file, 'utf8') };
  } catch (err) {
    const code = errorCode(err);
    throw new DefinitionFileError(`cannot read ${relative(file)}: ${code === 'ENOENT' ? 'no such file' : code ?? 'unreadable'}; check the path`, 'E_DEFINITION');
  }
}

function relative(text: string): string {
  const cwd = process.cwd() + path.sep;
  return text.split(cwd).join('');
}
