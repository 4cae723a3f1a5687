/**
 * The builds a repository defines (compose services, bake targets of the
 * default group, CI workflow steps) as check/lint targets: each Dockerfile
 * with the stage, args and context its definition builds. Definitions the
 * plan cannot follow locally (remote contexts, inline Dockerfiles, paths
 * outside the repository) are left out.
 */
import path from 'node:path';
import type { BuildDefinition } from '../definitions/index.js';
import { readBlobs } from '../git/blobs.js';
import type { GitTree } from '../git/types.js';
import { DISK, hasBakeFile, loadBake, loadCompose, loadWorkflows, originName, type DefinitionFs, type Env, type MissingContext } from '../project/definition-files.js';
import type { Target } from '../project/discover.js';

/** A build a definition file names whose local context folder is missing: the real tool fails on it. */
export interface MissingBuild {
  /** The definition file (repo-relative) and the line naming the context (1 when not found). */
  readonly file: string;
  readonly line: number;
  /** As reports name definitions: `service "web"`... */
  readonly definition: string;
  /** The missing folder, repo-relative (absolute when outside the repository). */
  readonly context: string;
  /** Repo-relative Dockerfile, or null (inline, or outside the repository). */
  readonly dockerfile: string | null;
}

export interface DefinedBuilds {
  readonly targets: readonly Target[];
  readonly missing: readonly MissingBuild[];
}

/** The builds the definition files name; one whose local context is missing throws (the real tool's answer). */
export function definitionTargets(root: string, env: Env, fs: DefinitionFs = DISK): Target[] {
  return [...definitionBuilds(root, env, fs, false).targets];
}

/** The same, with the builds whose context is missing kept apart (`lint` and `check` report them and go on). */
export function definitionBuilds(root: string, env: Env, fs: DefinitionFs = DISK, keepMissing = true): DefinedBuilds {
  const bakeProject = hasBakeFile(root, fs);
  const loaded = [
    ...(bakeProject ? [] : [loadCompose({ dir: root, files: [], env, profiles: [], fs, keepMissing })]),
    ...(bakeProject ? [loadBake({ dir: root, files: [], targets: [], env, fs, keepMissing })] : []),
    loadWorkflows(root, env, fs, keepMissing),
  ];
  return {
    targets: loaded.flatMap((l) => l.definitions).flatMap((d) => toTarget(d, root)),
    missing: loaded.flatMap((l) => l.missing).map((m) => missingBuild(m, root)),
  };
}

function missingBuild(m: MissingContext, root: string): MissingBuild {
  const d = m.definition;
  const rel = (abs: string): string => path.relative(root, abs).split(path.sep).join('/');
  const inside = (abs: string): string | null => (rel(abs).startsWith('..') || path.isAbsolute(rel(abs)) ? null : rel(abs));
  const context = d.context.kind === 'local' ? (inside(d.context.path) ?? d.context.path) : '';
  const dockerfile = d.dockerfile.kind === 'file' ? inside(d.dockerfile.path) : null;
  return { file: rel(d.origin.file), line: m.line ?? 1, definition: originName(d), context, dockerfile };
}

/**
 * Definition files as staged: what `check --staged` plans is what the commit
 * will hold. A context folder the index does not have yet (generated, not
 * committed) still counts when it is on disk, as the real build sees it.
 */
export function indexFs(root: string, index: GitTree): DefinitionFs {
  const rel = (abs: string): string => path.relative(root, abs).split(path.sep).join('/');
  const children = (abs: string): string[] => {
    const prefix = rel(abs) === '' ? '' : `${rel(abs)}/`;
    const names = new Set<string>();
    for (const p of index.keys()) if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0] as string);
    return [...names];
  };
  return {
    isFile: (abs) => index.has(rel(abs)),
    isDir: (abs) => rel(abs) === '' || children(abs).length > 0 || DISK.isDir(abs),
    read: (abs) => {
      const entry = index.get(rel(abs));
      return entry ? (readBlobs(root, [entry.oid]).get(entry.oid)?.toString('utf8') ?? null) : null;
    },
    list: children,
  };
}

function toTarget(d: BuildDefinition, root: string): Target[] {
  if (d.context.kind !== 'local' || d.dockerfile.kind !== 'file') return [];
  const rel = (abs: string): string | null => {
    const r = path.relative(root, abs).split(path.sep).join('/');
    return r.startsWith('..') || path.isAbsolute(r) ? null : r === '' ? '' : r;
  };
  const context = rel(d.context.path);
  const dockerfile = rel(d.dockerfile.path);
  if (context === null || dockerfile === null || dockerfile === '') return [];
  return [{ dockerfile, context, buildTarget: d.target, buildArgs: d.args, definition: originName(d) }];
}

export { definitionName } from './repo-targets.js';
