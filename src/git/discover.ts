/**
 * Which Dockerfiles a repository has, and each one's build context. Pure:
 * it looks only at the tree's paths. Names: `Dockerfile`, `Containerfile`,
 * `*.Dockerfile`, `Dockerfile.*` (and the Containerfile forms), but not the
 * ignore files beside them (`Dockerfile.dockerignore`). The context is the
 * Dockerfile's folder unless the config or a flag says otherwise.
 */
import { isExcluded, parseIgnoreFile } from '../context/dockerignore.js';
import type { DockerfileSetting } from './config.js';

const NAME = /^(?:(?:Dockerfile|Containerfile)(?:\.[^/]+)?|[^/]+\.(?:Dockerfile|Containerfile))$/;
const IGNORE_FILE = /\.(dockerignore|containerignore)$/;

export interface Target {
  readonly dockerfile: string;
  readonly context: string;
}

export function isDockerfileName(p: string): boolean {
  const name = p.split('/').pop() ?? p;
  return NAME.test(name) && !IGNORE_FILE.test(name);
}

/** `exclude` uses .dockerignore pattern syntax (`**`, `*`, `!`). */
export function discoverDockerfiles(paths: Iterable<string>, settings: readonly DockerfileSetting[], exclude: readonly string[]): Target[] {
  const rules = exclude.length ? parseIgnoreFile(exclude.join('\n')) : null;
  const byFile = new Map(settings.map((s) => [s.file, s.context]));
  const out = new Map<string, Target>();
  for (const p of paths) {
    if (!isDockerfileName(p) || (rules && isExcluded(rules, p))) continue;
    out.set(p, { dockerfile: p, context: byFile.get(p) ?? dirOf(p) });
  }
  for (const s of settings) out.set(s.file, { dockerfile: s.file, context: s.context });
  return [...out.values()].sort((a, b) => a.dockerfile.localeCompare(b.dockerfile));
}

export function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}
