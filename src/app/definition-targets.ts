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
import { DISK, hasBakeFile, loadBake, loadCompose, loadWorkflows, originName, type DefinitionFs, type Env } from '../project/definition-files.js';
import type { Target } from '../project/discover.js';

export function definitionTargets(root: string, env: Env, fs: DefinitionFs = DISK): Target[] {
  const bakeProject = hasBakeFile(root, fs);
  const compose = bakeProject ? [] : loadCompose({ dir: root, files: [], env, profiles: [], fs }).definitions;
  const bake = bakeProject ? loadBake({ dir: root, files: [], targets: [], env, fs }).definitions : [];
  const workflows = loadWorkflows(root, env, fs).definitions;
  return [...compose, ...bake, ...workflows].flatMap((d) => toTarget(d, root));
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
