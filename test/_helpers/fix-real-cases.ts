/**
 * The real-repository cases of `layerplan fix` (test/conformance/fixtures/fix-real/<name>/, recorded by
 * test/conformance/lib/make-fix-real-case.mjs): each repository's Dockerfiles and .dockerignore as committed,
 * its context's file layout, and what `fix --write` made of it (fixed/, `fix --write --no-ignore`'s Dockerfiles
 * being the same with the original .dockerignore). Laid out here as a committed git repository whose other
 * files are stand-ins: their bytes do not decide the fix.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './cli.js';

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
    const real = path.join(c.dir, 'context', f.path);
    if (existsSync(real)) cpSync(real, abs);
    else writeFileSync(abs, `stand-in for ${c.repository} ${f.path}\n`);
    chmodSync(abs, f.mode === '755' ? 0o755 : 0o644);
  }
  for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-q', '-m', c.commit]]) {
    const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} in ${dir}: ${r.stderr}`);
  }
  return { root: dir, context };
}

/** What `fix --write` wrote, recorded: the Dockerfiles and .dockerignore under fixed/ (null: not recorded yet). */
export function recordedFix(c: FixRealCase, file: string): string | null {
  const p = path.join(c.dir, 'fixed', file);
  return existsSync(p) ? readFileSync(p, 'utf8') : null;
}

export function recordFix(c: FixRealCase, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(c.dir, 'fixed', file)), { recursive: true });
  writeFileSync(path.join(c.dir, 'fixed', file), text);
}
