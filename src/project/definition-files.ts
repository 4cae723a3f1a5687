/**
 * The edge of src/definitions/: which compose, bake and workflow files a
 * folder has (the names and precedence Compose and buildx use), their text,
 * `.env`, the environment and the clock, and whether each definition's local
 * context exists. Every failure is one DefinitionFileError naming the file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseDotenv, problemText, readBake, readCompose, readWorkflow, type BuildDefinition, type DefinitionsResult, type DefinitionWarning, type SourceText } from '../definitions/index.js';
import { assertNever } from '../lang/assert-never.js';

/** compose-go cli.DefaultFileNames / DefaultOverrideFileNames, in order of preference. */
export const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const COMPOSE_OVERRIDE_FILES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];
/** buildx bake's default list: every one that exists is read, in this order. */
export const BAKE_FILES = [...COMPOSE_FILES, 'docker-bake.json', 'docker-bake.hcl', 'docker-bake.override.json', 'docker-bake.override.hcl'];

export type Env = Readonly<Record<string, string | undefined>>;

export class DefinitionFileError extends Error {
  constructor(message: string, readonly code: 'E_DEFINITION' | 'E_NO_CONTEXT' | 'E_UNKNOWN_DEFINITION') {
    super(message);
    this.name = 'DefinitionFileError';
  }
}

export interface LoadedDefinitions {
  readonly files: readonly string[];
  readonly definitions: readonly BuildDefinition[];
  readonly warnings: readonly DefinitionWarning[];
}

export interface ComposeRequest {
  readonly dir: string;
  /** `-f` files (absolute); none: COMPOSE_FILE, else the default names in `dir`. */
  readonly files: readonly string[];
  readonly env: Env;
  /** --profile values; none: COMPOSE_PROFILES. */
  readonly profiles: readonly string[];
}

export function composeFilesIn(dir: string, env: ReadonlyMap<string, string>): string[] {
  const listed = env.get('COMPOSE_FILE');
  if (listed) return listed.split(env.get('COMPOSE_PATH_SEPARATOR') || path.delimiter).filter(Boolean).map((f) => path.resolve(dir, f));
  const main = COMPOSE_FILES.map((n) => path.join(dir, n)).find(isFile);
  if (!main) return [];
  const override = COMPOSE_OVERRIDE_FILES.map((n) => path.join(dir, n)).find(isFile);
  return override ? [main, override] : [main];
}

export function loadCompose(req: ComposeRequest): LoadedDefinitions {
  const outer = envMap(req.env);
  // .env beside the (first) file sets COMPOSE_FILE and COMPOSE_PROFILES too; the environment wins over it.
  const early = withDotenv(req.dir, outer);
  const files = req.files.length ? [...req.files] : composeFilesIn(req.dir, early);
  if (!files.length) return { files, definitions: [], warnings: [] };
  const env = withDotenv(path.dirname(files[0] as string), outer);
  const profiles = req.profiles.length ? req.profiles : (env.get('COMPOSE_PROFILES') ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const result = readCompose({ files: files.map(readSource), env, profiles, readText });
  return checked(files, result);
}

export interface BakeRequest {
  readonly dir: string;
  /** `--bake-file` files (absolute); none: BUILDX_BAKE_FILE, else buildx's default list in `dir`. */
  readonly files: readonly string[];
  readonly targets: readonly string[];
  readonly env: Env;
}

export function bakeFilesIn(dir: string, env: ReadonlyMap<string, string>): string[] {
  const listed = env.get('BUILDX_BAKE_FILE');
  if (listed) return listed.split(env.get('BUILDX_BAKE_PATH_SEPARATOR') || path.delimiter).map((f) => f.trim()).filter(Boolean).map((f) => path.resolve(dir, f));
  return BAKE_FILES.map((n) => path.join(dir, n)).filter(isFile);
}

/** Bake files beyond compose ones: a folder with only a compose file is a compose project. */
export function hasBakeFile(dir: string): boolean {
  return BAKE_FILES.slice(COMPOSE_FILES.length).some((n) => isFile(path.join(dir, n)));
}

export function loadBake(req: BakeRequest): LoadedDefinitions {
  const env = envMap(req.env);
  const files = req.files.length ? [...req.files] : bakeFilesIn(req.dir, env);
  if (!files.length) return { files, definitions: [], warnings: [] };
  const result = readBake({ files: files.map(readSource), workdir: req.dir, env, targets: req.targets, host: { now: new Date().toISOString(), homedir: homedir() }, readText });
  return checked(files, result);
}

/** Every build-push-action step, and the targets of every bake-action step, in `.github/workflows/`. */
export function loadWorkflows(repoRoot: string, env: Env): LoadedDefinitions {
  const dir = path.join(repoRoot, '.github', 'workflows');
  const names = existsSync(dir) ? readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort() : [];
  const loaded = names.map((n) => path.join(dir, n)).map((file) => {
    const builds = readWorkflow(readSource(file), repoRoot);
    const own = checked([file], builds.definitions);
    const baked = builds.bakeSteps.filter((s) => !s.unresolved.length).flatMap((step) =>
      loadBake({ dir: step.workdir, files: step.files, targets: step.targets, env }).definitions.map((d): BuildDefinition => ({
        ...d,
        origin: { kind: 'workflow', file, job: step.job, step: `${step.step} (bake target ${d.name})`, line: step.line },
      })),
    );
    return { definitions: [...own.definitions, ...baked], warnings: own.warnings };
  });
  return { files: names, definitions: loaded.flatMap((l) => l.definitions), warnings: loaded.flatMap((l) => l.warnings) };
}

/** A definition whose local context is missing would fail in the real tool: say which and where. */
function checked(files: readonly string[], result: DefinitionsResult): LoadedDefinitions {
  if (!result.ok) throw new DefinitionFileError(`${relative(problemText(result.problem))}; fix it and run again`, result.problem.kind === 'unknown-name' ? 'E_UNKNOWN_DEFINITION' : 'E_DEFINITION');
  for (const d of result.definitions) {
    if (d.context.kind === 'local' && !isDir(d.context.path)) {
      throw new DefinitionFileError(`${relative(d.origin.file)}: ${originName(d)}: build context ${relative(d.context.path)} does not exist; create it or fix the path`, 'E_NO_CONTEXT');
    }
  }
  return { files, definitions: result.definitions, warnings: result.warnings };
}

export function originName(d: BuildDefinition): string {
  switch (d.origin.kind) {
    case 'compose':
      return `service "${d.origin.service}"`;
    case 'bake':
      return `target "${d.origin.target}"`;
    case 'workflow':
      return `job "${d.origin.job}", step "${d.origin.step}" (line ${d.origin.line})`;
    default:
      return assertNever(d.origin);
  }
}

function withDotenv(dir: string, outer: ReadonlyMap<string, string>): Map<string, string> {
  const file = path.join(dir, '.env');
  if (outer.get('COMPOSE_DISABLE_ENV_FILE') || !isFile(file)) return new Map(outer);
  return new Map([...parseDotenv(readFileSync(file, 'utf8'), (k) => outer.get(k)), ...outer]);
}

function envMap(env: Env): Map<string, string> {
  return new Map(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

function readSource(file: string): SourceText {
  try {
    return { path: file, text: readFileSync(file, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DefinitionFileError(`cannot read ${relative(file)}: ${code === 'ENOENT' ? 'no such file' : code ?? 'unreadable'}; check the path`, 'E_DEFINITION');
  }
}

function readText(file: string): string | null {
  return isFile(file) ? readFileSync(file, 'utf8') : null;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function relative(text: string): string {
  const cwd = process.cwd() + path.sep;
  return text.split(cwd).join('');
}
