/**
 * The builds a repository defines (compose services, bake targets of the
 * default group, CI workflow steps) as check/lint targets: each Dockerfile
 * with the stage, args and context its definition builds. Definitions the
 * plan cannot follow locally (remote contexts, inline Dockerfiles, paths
 * outside the repository) are left out.
 */
import path from 'node:path';
import type { BuildDefinition } from '../definitions/index.js';
import { hasBakeFile, loadBake, loadCompose, loadWorkflows, originName, type Env } from '../project/definition-files.js';
import type { Target } from '../project/discover.js';

export function definitionTargets(root: string, env: Env): Target[] {
  const compose = hasBakeFile(root) ? [] : loadCompose({ dir: root, files: [], env, profiles: [] }).definitions;
  const bake = hasBakeFile(root) ? loadBake({ dir: root, files: [], targets: [], env }).definitions : [];
  const workflows = loadWorkflows(root, env).definitions;
  return [...compose, ...bake, ...workflows].flatMap((d) => toTarget(d, root));
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

/** The name `--service` matches: the compose service, bake target or workflow step. */
export function definitionName(t: Target): string | null {
  return t.definition ? (/"([^"]+)"/.exec(t.definition)?.[1] ?? null) : null;
}
