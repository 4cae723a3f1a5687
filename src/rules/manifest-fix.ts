/** The "copy the manifests first, install, then the rest" snippet, for one Dockerfile and context. */
import type { Step } from '../graph/index.js';
import { basename, matchesName, type Ecosystem } from './expense.js';
import type { ContextFacts } from './types.js';

/**
 * The ecosystem's manifests that exist at the top of what the broad COPY
 * copies (the context root for `COPY . .`), after .dockerignore: only files
 * the build really has. Empty when there are none; without context facts,
 * the usual names.
 */
export function presentManifests(ecosystem: Ecosystem, copy: Step, context: ContextFacts | null): string[] {
  const dir = copyRoot(copy);
  if (!context) return ecosystem.manifests.filter((m) => !m.includes('*') && !m.startsWith('.')).slice(0, 2);
  if (dir === null) return [];
  const prefix = dir === '' ? '' : `${dir}/`;
  const entries = context.snapshot.entries;
  const isFile = (p: string): boolean => entries.get(p)?.type === 'file';
  // Plain names are looked up; only a glob (requirements*.txt) scans the folder.
  const topFiles = (): string[] => [...entries.keys()].filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/') && isFile(p));
  const found = ecosystem.manifests.flatMap((m) => (m.includes('*') ? topFiles().filter((n) => matchesName(m, basename(n))) : isFile(prefix + m) ? [prefix + m] : []));
  return [...new Set(found)];
}

/**
 * Manifests of the ecosystem below the top of what the COPY copies
 * (`packages/web/package.json`), outside dependency folders: a monorepo's
 * workspaces, Cargo workspace members, local Go replace targets. An install
 * at the top may read every one, so copying the top ones first would not do.
 */
export function nestedManifests(ecosystem: Ecosystem, copy: Step, context: ContextFacts): string[] {
  const dir = copyRoot(copy);
  // A nested requirements.txt (docs/requirements.txt) is no workspace: `pip install -r` names its file.
  if (dir === null || ecosystem.name === 'pip') return [];
  const prefix = dir === '' ? '' : `${dir}/`;
  const out: string[] = [];
  for (const [p, e] of context.snapshot.entries) {
    if (e.type !== 'file' || !p.startsWith(prefix) || !p.slice(prefix.length).includes('/') || DEPENDENCY_DIR.test(p)) continue;
    // The first two names are the manifest and its lockfile; dotfiles (.npmrc) are not workspaces.
    if (ecosystem.manifests.slice(0, 1).some((m) => matchesName(m, basename(p)))) out.push(p);
  }
  return out.sort();
}

/** Folders of installed or vendored dependencies, whose manifests are no workspace of this project. */
const DEPENDENCY_DIR = /(^|\/)(node_modules|vendor|\.venv|venv|target|bin|obj)\//;

/** The folder a single-source directory COPY reads ('' for `.`), or null when it copies several things. */
function copyRoot(copy: Step): string | null {
  if (copy.op.kind !== 'copy' || copy.op.sources.length !== 1) return null;
  const src = (copy.op.sources[0] ?? '').replace(/^\.\/+/, '').replace(/\/+$/, '');
  return src === '.' || src === '' ? '' : src;
}

/** The destination as written in the COPY (`.` becomes `./`: several sources need a folder). */
export function writtenDest(copy: Step): string {
  const ins = copy.instruction;
  const words = ins.exec ?? ins.rest.split(/\s+/).filter(Boolean);
  const dest = words[words.length - 1] ?? '.';
  return dest.endsWith('/') ? dest : dest === '.' ? './' : `${dest}/`;
}

/** `COPY <manifests> <dest>` as a line to paste above the install. */
export function manifestCopyLine(ecosystem: Ecosystem, copy: Step, context: ContextFacts | null): string {
  const dir = copyRoot(copy);
  const files = presentManifests(ecosystem, copy, context).map((f) => (dir && !f.startsWith(`${dir}/`) ? `${dir}/${f}` : f));
  return `COPY${writtenFlags(copy)} ${files.join(' ')} ${writtenDest(copy)}`;
}

/**
 * The broad COPY's flags (`--chown`, `--chmod`, `--link`): the manifests COPY
 * creates the destination folder, so without them that folder gets another
 * owner than the original image's (seen with BuildKit and buildah).
 */
function writtenFlags(copy: Step): string {
  return copy.instruction.flags.map((f) => (f.value === null ? ` --${f.name}` : ` --${f.name}=${f.value}`)).join('');
}
