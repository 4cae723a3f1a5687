/** `docker buildx bake --print` and layerplan's reading in one shape, to compare them. */
import path from 'node:path';
import type { BuildDefinition } from '../../src/definitions/index.js';

export interface PrintedTarget {
  readonly context: string;
  readonly dockerfile: string;
  readonly args: Record<string, string>;
  readonly target: string | null;
  readonly platforms: readonly string[];
  readonly noCache: boolean;
  /** Named contexts: local ones as absolute paths, others as written (docker-image://, target:, URLs). */
  readonly contexts: Record<string, string>;
}

interface BakePrint {
  readonly target: Record<string, { context?: string; dockerfile?: string; args?: Record<string, string>; target?: string; platforms?: string[]; 'no-cache'?: boolean; 'dockerfile-inline'?: string; contexts?: Record<string, string> }>;
}

const NOT_A_PATH = /^(docker-image:\/\/|target:|service:|[a-z]+:\/\/|git@|github\.com\/)/;

/** buildx prints paths as written; both sides become paths from `workdir`. */
export function fromPrint(json: string, workdir: string): Record<string, PrintedTarget> {
  const print = JSON.parse(json) as BakePrint;
  return Object.fromEntries(
    Object.entries(print.target).map(([name, t]) => {
      const remote = NOT_A_PATH.test(t.context ?? '.');
      const context = remote ? 'remote' : path.posix.resolve(workdir, t.context ?? '.');
      const file = t.dockerfile ?? 'Dockerfile';
      const dockerfile = t['dockerfile-inline'] !== undefined ? `inline:${t['dockerfile-inline']}` : remote ? file : path.posix.resolve(context, file);
      return [name, { context, dockerfile, args: t.args ?? {}, target: t.target ?? null, platforms: t.platforms ?? [], noCache: t['no-cache'] ?? false, contexts: Object.fromEntries(Object.entries(t.contexts ?? {}).sort().map(([k, v]) => [k, NOT_A_PATH.test(v) ? v : path.posix.resolve(workdir, v)])) }];
    }),
  );
}

export function fromDefinitions(defs: readonly BuildDefinition[]): Record<string, PrintedTarget> {
  return Object.fromEntries(
    [...defs].sort((a, b) => a.name.localeCompare(b.name)).map((d) => [
      d.name,
      {
        context: d.context.kind === 'local' ? d.context.path : d.context.kind,
        dockerfile: d.dockerfile.kind === 'file' ? d.dockerfile.path : `inline:${d.dockerfile.text}`,
        args: Object.fromEntries([...d.args].sort()),
        target: d.target,
        platforms: d.platforms,
        noCache: d.noCache,
        contexts: Object.fromEntries([...d.namedContexts].sort().map(([k, c]) => [k, c.kind === 'local' ? c.path : c.kind === 'image' ? `docker-image://${c.ref}` : c.kind === 'remote' ? c.url : `target:${c.name}`])),
      },
    ]),
  );
}

export function sortedArgs(t: Record<string, PrintedTarget>): Record<string, PrintedTarget> {
  return Object.fromEntries(Object.entries(t).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, { ...v, args: Object.fromEntries(Object.entries(v.args).sort()) }]));
}
