/**
 * The real-repository cases of `layerplan fix` (test/conformance/fixtures/fix-real/<name>/, recorded by
 * test/conformance/lib/make-fix-real-case.mjs): its context's file layout, which of its files are real (the
 * Dockerfiles, .dockerignore, compose files: read from a local git copy at the commit, never committed here,
 * test/_helpers/real-sources.ts), and the sha256 of what `fix --write` made of each (`fix --write --no-ignore`'s
 * Dockerfiles being the same with the original .dockerignore). Laid out here as a committed git repository
 * whose other files are stand-ins: their bytes do not decide the fix.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './cli.js';
import { missingCopies, showReal, type RealFile } from './real-sources.js';

export const FIX_REAL_DIR = path.join(repoRoot, 'test', 'conformance', 'fixtures', 'fix-real');

export interface FixRealCase {
  readonly name: string;
  readonly repository: string;
  readonly commit: string;
  /** The context's folder in the repository. */
  readonly context: string;
  readonly url: string;
  readonly license: string;
  readonly dockerfiles: readonly string[];
  /** preinstall/install/postinstall/prepare scripts per package.json: an install runs them, a stand-in cannot. */
  readonly lifecycleScripts: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Context paths whose text is the repository's (read from its git copy); the others are stand-ins. */
  readonly real: readonly string[];
  /** `sha256:<hex>` of each file `fix --write` leaves in the context, by context path. */
  readonly fixed: Readonly<Record<string, string>>;
  readonly files: readonly { readonly path: string; readonly mode: '644' | '755' | 'link'; readonly target?: string }[];
  /** The case's folder. */
  readonly dir: string;
}

export function fixRealCases(): FixRealCase[] {
  return readdirSync(FIX_REAL_DIR).filter((n) => existsSync(path.join(FIX_REAL_DIR, n, 'case.json'))).sort().map((name) => {
    const dir = path.join(FIX_REAL_DIR, name);
    return { ...(JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as Omit<FixRealCase, 'name' | 'dir'>), name, dir };
  });
}

const realFile = (c: FixRealCase, rel: string): RealFile => ({ repository: c.repository, commit: c.commit, path: path.posix.join(c.context, rel) });

/** Why the case cannot be laid out here (no local git copy of its repository at the commit), or null. */
export const fixRealMissing = (c: FixRealCase): string | null => missingCopies(c.real.map((rel) => realFile(c, rel)));

/**
 * The context at its folder in a committed repository (HEAD = the recorded commit's layout of that folder), in a
 * new temp folder: `root` is the repository, `context` the folder (the same when the context is the top).
 */
export function layOut(c: FixRealCase): { root: string; context: string } {
  const dir = mkdtempSync(path.join(tmpdir(), `lp-fixreal-${c.name}-`));
  const context = path.join(dir, c.context);
  for (const f of c.files) {
    const abs = path.join(context, f.path);
    mkdirSync(path.dirname(abs), { recursive: true });
    if (f.mode === 'link') {
      symlinkSync(f.target ?? '', abs);
      continue;
    }
    const real = c.real.includes(f.path) ? showReal(realFile(c, f.path)) : null;
    if (c.real.includes(f.path) && real === null) throw new Error(`${c.name}: ${fixRealMissing(c) ?? f.path}`);
    writeFileSync(abs, real ?? `stand-in for ${c.repository} ${f.path}\n`);
    chmodSync(abs, f.mode === '755' ? 0o755 : 0o644);
  }
  for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-q', '-m', c.commit]]) {
    const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} in ${dir}: ${r.stderr}`);
  }
  return { root: dir, context };
}

export const fixHash = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** The recorded hash of what `fix --write` left in `file` (null: no such file after the fix, or not recorded). */
export function recordedFix(c: FixRealCase, file: string): string | null {
  return c.fixed[file] ?? null;
}

/** Records the hash of `text` as the fix of `file` in the case's case.json (LAYERPLAN_WRITE_FIXTURES=1). */
export function recordFix(c: FixRealCase, file: string, text: string): void {
  const p = path.join(c.dir, 'case.json');
  const spec = JSON.parse(readFileSync(p, 'utf8')) as { fixed?: Record<string, string> };
  const fixed = Object.fromEntries(Object.entries({ ...spec.fixed, [file]: fixHash(text) }).sort(([a], [b]) => (a < b ? -1 : 1)));
  writeFileSync(p, readFileSync(p, 'utf8').replace(/"fixed": \{[^}]*\}/, `"fixed": ${JSON.stringify(fixed, null, 1).replace(/\n/g, '\n ')}`));
}
