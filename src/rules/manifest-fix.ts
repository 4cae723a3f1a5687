/** The "copy the manifests first, install, then the rest" snippet, for one Dockerfile and context. */
import type { Step } from '../graph/index.js';
import { belowFolder, filesNamed, inFolder } from './context-files.js';
import type { Ecosystem } from './expense.js';
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
  // Plain names are looked up; only a glob (requirements*.txt) needs the files of that name.
  const found = ecosystem.manifests.flatMap((m) => (m.includes('*') ? inFolder(filesNamed(context.snapshot, m), prefix) : entries.get(prefix + m)?.type === 'file' ? [prefix + m] : []));
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
  const manifest = ecosystem.manifests[0];
  // A nested requirements.txt (docs/requirements.txt) is no workspace: `pip install -r` names its file.
  if (dir === null || ecosystem.name === 'pip' || manifest === undefined) return [];
  // The first name is the manifest (the second its lockfile); dotfiles (.npmrc) are not workspaces.
  const below = belowFolder(filesNamed(context.snapshot, manifest), dir === '' ? '' : `${dir}/`);
  return below.filter((p) => !DEPENDENCY_DIR.test(p)).sort();
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
