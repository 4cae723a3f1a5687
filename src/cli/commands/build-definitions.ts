/**
 * `layerplan build` on a folder with no Dockerfile but a compose or bake
 * file (or --service / --bake-target / --compose-file / --bake-file): which
 * definitions to plan, and the plan request of each.
 */
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { BuildDefinition } from '../../definitions/index.js';
import type { NamedContextSource } from '../../app/load-inputs.js';
import { composeFilesIn, hasBakeFile, originName } from '../../project/definition-names.js';
import type { CommandIO } from '../command.js';
import { CliError, usageError } from '../errors.js';
import { assertNever } from '../../lang/assert-never.js';

export type DefinitionChoice =
  | { readonly kind: 'compose'; readonly files: readonly string[]; readonly services: readonly string[] }
  | { readonly kind: 'bake'; readonly files: readonly string[]; readonly targets: readonly string[] };

export interface DefinitionFlags {
  readonly dockerfileGiven: boolean;
  readonly services: readonly string[];
  readonly bakeTargets: readonly string[];
  readonly composeFiles: readonly string[];
  readonly bakeFiles: readonly string[];
}

/** Compose or bake when asked for, else when the folder has no Dockerfile but one of their files; null: a plain docker build. */
export function chooseDefinitions(dir: string, dockerfile: string, f: DefinitionFlags, io: CommandIO): DefinitionChoice | null {
  const composeAsked = f.services.length > 0 || f.composeFiles.length > 0;
  const bakeAsked = f.bakeTargets.length > 0 || f.bakeFiles.length > 0;
  if (composeAsked && bakeAsked) throw usageError('--service/--compose-file plan a compose project, --bake-target/--bake-file a bake one: choose one');
  if ((composeAsked || bakeAsked) && f.dockerfileGiven) throw usageError('-f names a Dockerfile; with --service or --bake-target the definitions name theirs');
  const abs = (files: readonly string[]): string[] => files.map((x) => resolve(io.cwd, x));
  if (composeAsked) return { kind: 'compose', files: abs(f.composeFiles), services: f.services };
  if (bakeAsked) return { kind: 'bake', files: abs(f.bakeFiles), targets: f.bakeTargets };
  if (f.dockerfileGiven || existsSync(dockerfile)) return null;
  if (hasBakeFile(dir)) return { kind: 'bake', files: [], targets: [] };
  const env = new Map(Object.entries(io.env).filter((e): e is [string, string] => e[1] !== undefined));
  return composeFilesIn(dir, env).length ? { kind: 'compose', files: [], services: [] } : null;
}

/** The YAML and HCL readers load here, so a plain Dockerfile's plan never pays for them. */
export async function loadChosen(dir: string, choice: DefinitionChoice, io: CommandIO): Promise<BuildDefinition[]> {
  const { DefinitionFileError, loadBake, loadCompose } = await import('../../project/definition-files.js');
  try {
    if (choice.kind === 'bake') return [...loadBake({ dir, files: choice.files, targets: choice.targets, env: io.env }).definitions];
    const all = loadCompose({ dir, files: choice.files, env: io.env, profiles: [] }).definitions;
    const missing = choice.services.find((s) => !all.some((d) => d.name === s));
    if (missing !== undefined) throw usageError(`--service ${missing}: no service with a build section of that name (services that build: ${all.map((d) => d.name).join(', ') || 'none'})`);
    return all.filter((d) => !choice.services.length || choice.services.includes(d.name));
  } catch (err) {
    if (err instanceof DefinitionFileError) throw new CliError(err.message, err.code);
    throw err;
  }
}

/** Why a definition is not planned from this machine's files, or null when it can be. */
export type Unplanned = { readonly kind: 'remote-context'; readonly url: string } | { readonly kind: 'context-not-a-folder' };

export function unplanned(d: BuildDefinition): Unplanned | null {
  if (d.context.kind === 'remote') return { kind: 'remote-context', url: d.context.url };
  if (d.context.kind !== 'local') return { kind: 'context-not-a-folder' };
  return null;
}

export function unplannedText(u: Unplanned): string {
  switch (u.kind) {
    case 'remote-context':
      return `not planned: its context ${u.url} is remote (the builder fetches it; layerplan plans local files)`;
    case 'context-not-a-folder':
      return 'not planned: its context is an image or another definition, not a folder';
    default:
      return assertNever(u);
  }
}

/**
 * docker build flags for what a definition sets beyond Dockerfile, target
 * and args, so --exec builds what `docker compose build` / `bake` would:
 * named contexts, network, no-cache, ssh. Another definition's result as a
 * context (`target:NAME`, `service:NAME`) has no docker build flag.
 */
export function definitionFlags(d: BuildDefinition): string[] {
  const contexts = [...d.namedContexts].flatMap(([name, c]): string[] => {
    switch (c.kind) {
      case 'local':
        return ['--build-context', `${name}=${c.path}`];
      case 'image':
        return ['--build-context', `${name}=docker-image://${c.ref}`];
      case 'remote':
        return ['--build-context', `${name}=${c.url}`];
      case 'definition':
        return [];
      default:
        return assertNever(c);
    }
  });
  return [
    ...contexts,
    ...(d.network && d.network !== 'default' ? ['--network', d.network] : []),
    ...(d.noCache ? ['--no-cache'] : []),
    ...d.ssh.flatMap((s) => ['--ssh', s]),
  ];
}

/** The network the plan keys RUN steps with: a named (compose) network builds as the default one. */
export function planNetwork(flag: string, d: BuildDefinition): string {
  if (flag !== 'default' || !d.network) return flag;
  return ['none', 'host'].includes(d.network) ? d.network : 'default';
}

/** Where an inline Dockerfile's records live: a name in its context that no real file has. */
export function inlineDockerfilePath(contextDir: string, d: BuildDefinition): string {
  return join(contextDir, `${d.name}.inline.Dockerfile`);
}

export function heading(d: BuildDefinition, cwd: string): string {
  const rel = (p: string): string => relative(cwd, p) || '.';
  const file = d.dockerfile.kind === 'file' ? rel(d.dockerfile.path) : 'inline Dockerfile (dockerfile_inline)';
  return `== ${originName(d)} (${rel(d.origin.file)}): ${file}${d.target ? `, target ${d.target}` : ''}`;
}

/** The named contexts a plan keys, as --build-context would give them: local folders that exist, and images. */
export function plannedContexts(d: BuildDefinition): Map<string, NamedContextSource> {
  const out = new Map<string, NamedContextSource>();
  for (const [name, c] of d.namedContexts) {
    if (c.kind === 'local' && existsSync(c.path) && statSync(c.path).isDirectory()) out.set(name.toLowerCase(), { kind: 'dir', path: c.path });
    if (c.kind === 'image') out.set(name.toLowerCase(), { kind: 'image', ref: c.ref });
  }
  return out;
}

/** A note for what the plan leaves out: named contexts it cannot read (a URL, another definition's result, a missing folder). */
export function namedContextNote(d: BuildDefinition): string | null {
  const planned = plannedContexts(d);
  const left = [...d.namedContexts.keys()].filter((n) => !planned.has(n.toLowerCase()));
  return left.length ? `named contexts not planned: ${left.join(', ')} (a URL, another definition's result or a missing folder; --exec passes them to the build as --build-context)` : null;
}

export function definitionKey(d: BuildDefinition): { service: string } | { bakeTarget: string } | { workflowStep: string } {
  return d.origin.kind === 'compose' ? { service: d.name } : d.origin.kind === 'bake' ? { bakeTarget: d.name } : { workflowStep: d.name };
}
