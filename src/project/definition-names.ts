/**
 * The names of build definition files (compose, bake) as Compose and buildx
 * look for them, where they are read from, and a definition's name in
 * messages: what `build` and `check` ask of a folder before deciding to read
 * any definition, so the YAML and HCL readers (project/definition-files.ts)
 * load only when a definition is planned.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { BuildDefinition } from '../definitions/types.js';
import { assertNever } from '../lang/assert-never.js';

/** compose-go cli.DefaultFileNames / DefaultOverrideFileNames, in order of preference. */
export const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const COMPOSE_OVERRIDE_FILES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];
/** buildx bake's default list: every one that exists is read, in this order. */
export const BAKE_FILES = [...COMPOSE_FILES, 'docker-bake.json', 'docker-bake.hcl', 'docker-bake.override.json', 'docker-bake.override.hcl'];

/**
 * Where definition files are read from: the working tree, or (for
 * `check --staged`) the git index, so a plan follows the compose file as it
 * will be committed.
 */
export interface DefinitionFs {
  readonly isFile: (abs: string) => boolean;
  readonly isDir: (abs: string) => boolean;
  /** null: no such file. */
  readonly read: (abs: string) => string | null;
  /** The names in a folder (none when it is missing). */
  readonly list: (abs: string) => string[];
}

export const DISK: DefinitionFs = {
  isFile,
  isDir,
  read: (abs) => (isFile(abs) ? readFileSync(abs, 'utf8') : null),
  list: (abs) => (isDir(abs) ? readdirSync(abs) : []),
};

export function composeFilesIn(dir: string, env: ReadonlyMap<string, string>, fs: DefinitionFs = DISK): string[] {
  const listed = env.get('COMPOSE_FILE');
  if (listed) return listed.split(env.get('COMPOSE_PATH_SEPARATOR') || delimiter).filter(Boolean).map((f) => resolve(dir, f));
  const main = COMPOSE_FILES.map((n) => join(dir, n)).find(fs.isFile);
  if (!main) return [];
  const override = COMPOSE_OVERRIDE_FILES.map((n) => join(dir, n)).find(fs.isFile);
  return override ? [main, override] : [main];
}

/** Bake files beyond compose ones: a folder with only a compose file is a compose project. */
export function hasBakeFile(dir: string, fs: DefinitionFs = DISK): boolean {
  return BAKE_FILES.slice(COMPOSE_FILES.length).some((n) => fs.isFile(join(dir, n)));
}

/**
 * Whether the folder may define builds (compose, bake, CI workflows), asked before loading their readers:
 * true for any definition file buildx bake reads by default (compose's among them), a `.env` (it can set
 * COMPOSE_FILE), COMPOSE_FILE or BUILDX_BAKE_FILE in the environment, or a .github/workflows folder.
 */
export function mayDefineBuilds(dir: string, env: Readonly<Record<string, string | undefined>>, fs: DefinitionFs = DISK): boolean {
  if (env.COMPOSE_FILE || env.BUILDX_BAKE_FILE) return true;
  if (existsSync(join(dir, '.env')) || fs.isFile(join(dir, '.env'))) return true;
  if (fs.isDir(join(dir, '.github', 'workflows'))) return true;
  return BAKE_FILES.some((n) => fs.isFile(join(dir, n)));
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
