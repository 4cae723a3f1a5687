/**
 * Real repositories' files at pinned commits, for the specs that read them: test/fixtures/real/SOURCES.txt names
 * each (name, repository, commit, path, license). Third-party text is not committed here; it is read with
 * `git show COMMIT:PATH` from a local git copy of the repository, looked for under each folder of
 * LAYERPLAN_REAL_GIT (colon-separated; default /work/.mirror:/tmp/lint-real). A spec whose copy is
 * missing is skipped, and the skip line says which repository and commit to get.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Test } from 'uvu';
import { repoRoot } from './cli.js';
import { unless } from './skip.js';

export interface RealSource {
  readonly name: string;
  readonly repository: string;
  readonly commit: string;
  readonly path: string;
  readonly license: string;
}

/** A file of a repository at a commit. */
export type RealFile = Pick<RealSource, 'repository' | 'commit' | 'path'>;

const SOURCES_FILE = path.join(repoRoot, 'test', 'fixtures', 'real', 'SOURCES.txt');
const ROOTS = (process.env.LAYERPLAN_REAL_GIT ?? '/work/.mirror:/tmp/lint-real').split(':').filter(Boolean);

export function realSources(text: string = readFileSync(SOURCES_FILE, 'utf8')): Map<string, RealSource> {
  const out = new Map<string, RealSource>();
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [name, repository, commit, file, license] = line.trim().split(/\s+/);
    if (!name || !repository || !commit || !file || !license) throw new Error(`${SOURCES_FILE}: a line needs name, repository, commit, path, license: ${line}`);
    out.set(name, { name, repository, commit, path: file, license });
  }
  return out;
}

/** The git copies of a repository that may hold it: a bare mirror or a clone, by full or short name. */
function candidates(repository: string): string[] {
  const [owner = '', name = ''] = repository.split('/');
  return ROOTS.flatMap((root) => [path.join(root, `${owner}+${name}`, 'repo'), path.join(root, `${owner}+${name}`), path.join(root, name)]);
}

/** The file's text from a local git copy; null when no copy holds that commit and path. */
export function showReal(file: RealFile): string | null {
  for (const dir of candidates(file.repository)) {
    if (!existsSync(dir)) continue;
    const r = spawnSync('git', ['-C', dir, 'show', `${file.commit}:${file.path}`], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status === 0) return r.stdout;
  }
  return null;
}

/** The skip reason for files with no local copy (null: all are there). */
export function missingCopies(files: readonly RealFile[]): string | null {
  const missing = files.filter((f) => showReal(f) === null).map((f) => `${f.repository}@${f.commit.slice(0, 10)}`);
  return missing.length ? `no git copy of ${[...new Set(missing)].join(', ')} under ${ROOTS.join(':')} (fetch it, or set LAYERPLAN_REAL_GIT)` : null;
}

export const sources = realSources();

/** The SOURCES.txt line named `name`. */
export function source(name: string): RealSource {
  const s = sources.get(name);
  if (!s) throw new Error(`${SOURCES_FILE} has no line for "${name}"`);
  return s;
}

/**
 * A spec over real files: `body` gets their texts, in the order named. Skipped, saying what to fetch,
 * when a file has no local copy.
 */
export function realSpec(t: Test, suiteName: string): (names: readonly string[], title: string, body: (...texts: string[]) => void) => void {
  return (names, title, body) => {
    const files = names.map(source);
    unless(t, suiteName, missingCopies(files))(title, () => body(...files.map((f) => showReal(f) ?? '')));
  };
}
