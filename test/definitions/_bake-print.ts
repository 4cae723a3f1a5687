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
}

interface BakePrint {
  readonly target: Record<string, { context?: string; dockerfile?: string; args?: Record<string, string>; target?: string; platforms?: string[]; 'no-cache'?: boolean }>;
}

/** buildx prints paths as written; both sides become paths from `workdir`. */
export function fromPrint(json: string, workdir: string): Record<string, PrintedTarget> {
  const print = JSON.parse(json) as BakePrint;
  return Object.fromEntries(
    Object.entries(print.target).map(([name, t]) => {
      const context = path.posix.resolve(workdir, t.context ?? '.');
      return [name, { context, dockerfile: path.posix.resolve(context, t.dockerfile ?? 'Dockerfile'), args: t.args ?? {}, target: t.target ?? null, platforms: t.platforms ?? [], noCache: t['no-cache'] ?? false }];
    }),
  );
}

export function fromDefinitions(defs: readonly BuildDefinition[]): Record<string, PrintedTarget> {
  return Object.fromEntries(
    [...defs].sort((a, b) => a.name.localeCompare(b.name)).map((d) => [
      d.name,
      {
        context: d.context.kind === 'local' ? d.context.path : d.context.kind,
        dockerfile: d.dockerfile.kind === 'file' ? d.dockerfile.path : 'inline',
        args: Object.fromEntries([...d.args].sort()),
        target: d.target,
        platforms: d.platforms,
        noCache: d.noCache,
      },
    ]),
  );
}

export function sortedArgs(t: Record<string, PrintedTarget>): Record<string, PrintedTarget> {
  return Object.fromEntries(Object.entries(t).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, { ...v, args: Object.fromEntries(Object.entries(v.args).sort()) }]));
}
