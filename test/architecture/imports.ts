/**
 * Which folder of src/ may import which: the data path as a rule. The pure
 * core (parse, graph, key, plan, rules, views) imports only the core folders
 * below it: node:* builtins, the engine, image, context, git, app and cli are
 * edges. `import type` is free within src/ (a type is data and loads
 * nothing), except that no folder but cli/ may name cli/ at all.
 */
import path from 'node:path';

/** A folder of src/, 'node:' for any builtin, or 'npm:<package>'. */
export type Dep = string;

/** Folders every folder may import: language helpers below the data path (assertNever, Go's path functions). */
export const EVERYWHERE: readonly Dep[] = ['lang'];

/** Runtime imports each folder may make (its own folder is always allowed). */
export const ALLOWED: Readonly<Record<string, readonly Dep[]>> = {
  lang: [],
  ignore: [],
  // The pure core.
  parse: ['npm:dockerfile-ast'],
  graph: ['parse'],
  key: ['parse', 'graph', 'ignore'],
  plan: ['parse', 'graph', 'key'],
  rules: ['parse', 'graph', 'key', 'ignore', 'plan', 'timings'],
  views: ['parse', 'graph', 'key', 'plan', 'rules', 'store', 'timings', 'layers', 'npm:ink', 'npm:react'],
  // Edges and the layers above the core.
  definitions: ['npm:yaml'],
  engine: ['node:'],
  builders: ['node:'],
  store: ['node:'],
  context: ['node:', 'ignore', 'npm:xxhash-wasm'],
  timings: ['parse', 'plan', 'store'],
  image: ['node:', 'context', 'engine', 'parse', 'npm:dockerfile-ast', 'npm:fzstd'],
  layers: ['parse'],
  git: ['node:', 'context', 'ignore', 'project', 'npm:@noble/hashes'],
  project: ['node:', 'context', 'definitions', 'ignore'],
  app: ['node:', 'builders', 'context', 'definitions', 'engine', 'git', 'graph', 'key', 'layers', 'parse', 'plan', 'project', 'rules', 'store', 'timings'],
  cli: ['*'],
};

/**
 * Pure functions the core still takes from context/ and image/ (ignore-pattern
 * matching, selection diffs, history text). Each is named, so no new one can
 * slip in; move the function into the core and delete its line.
 */
export const KNOWN_EXCEPTIONS: readonly string[] = [
  'src/plan/explain-build.ts -> store',
  'src/rules/lp202-copy-source-ignored.ts -> context',
  'src/rules/lp203-local-file-mode.ts -> context',
];

export interface SourceFile {
  /** Repository-relative POSIX path, e.g. src/plan/make-plan.ts. */
  readonly path: string;
  readonly text: string;
}

export interface Import {
  readonly from: string;
  readonly folder: string;
  readonly dep: Dep;
  readonly typeOnly: boolean;
}

const STATIC = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm;
const DYNAMIC = /\bimport\(\s*'([^']+)'\s*\)/g;

function depOf(file: string, spec: string): Dep {
  if (spec.startsWith('node:')) return 'node:';
  if (!spec.startsWith('.')) return `npm:${spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]}`;
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).split('/')[1] ?? '';
}

/** The imports of a file that leave its folder. */
export function importsOf(file: SourceFile): Import[] {
  const folder = file.path.split('/')[1] ?? '';
  const out: Import[] = [];
  for (const m of file.text.matchAll(STATIC)) out.push({ from: file.path, folder, dep: depOf(file.path, m[2] ?? ''), typeOnly: Boolean(m[1]) });
  for (const m of file.text.matchAll(DYNAMIC)) out.push({ from: file.path, folder, dep: depOf(file.path, m[1] ?? ''), typeOnly: false });
  return out.filter((i) => i.dep !== folder);
}

/** "file -> dep" for every import the map does not allow. */
export function violations(files: readonly SourceFile[]): string[] {
  return files.flatMap(importsOf).flatMap((i) => {
    const line = `${i.from} -> ${i.dep}`;
    if (i.dep === 'cli') return i.folder === 'cli' ? [] : [line];
    if (i.typeOnly && !i.dep.includes(':')) return [];
    const allowed = ALLOWED[i.folder];
    if (!allowed) return [`${line} (folder ${i.folder} is not in the import map)`];
    return allowed.includes('*') || allowed.includes(i.dep) || EVERYWHERE.includes(i.dep) || KNOWN_EXCEPTIONS.includes(line) ? [] : [line];
  });
}

/** The cycles of the folder graph (type imports count), each as "a -> b -> a" from its smallest name. */
export function folderCycles(files: readonly SourceFile[]): string[] {
  const edges = new Map<string, Set<string>>();
  for (const i of files.flatMap(importsOf)) {
    if (i.dep.includes(':')) continue;
    const set = edges.get(i.folder) ?? new Set<string>();
    set.add(i.dep);
    edges.set(i.folder, set);
  }
  const cycles = new Set<string>();
  const visit = (node: string, trail: readonly string[]): void => {
    const at = trail.indexOf(node);
    if (at >= 0) {
      cycles.add(canonical(trail.slice(at)));
      return;
    }
    for (const next of edges.get(node) ?? []) visit(next, [...trail, node]);
  };
  for (const start of edges.keys()) visit(start, []);
  return [...cycles].sort();
}

function canonical(nodes: readonly string[]): string {
  const smallest = [...nodes].sort()[0] ?? '';
  const i = nodes.indexOf(smallest);
  const rotated = [...nodes.slice(i), ...nodes.slice(0, i)];
  return [...rotated, smallest].join(' -> ');
}
