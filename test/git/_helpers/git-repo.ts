/** Real temporary git repositories for the src/git tests: no mocks of git's output formats. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Config from the user or machine (hooksPath, quotePath, templates) must not leak into the tests.
const ENV = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@e',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@e',
};

/** Runs git; throws with its stderr when it fails. */
export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...ENV } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} (in ${cwd}) failed: ${r.stderr}`);
  return r.stdout;
}

/** An empty repository on branch main; `files` are written (not staged). */
export function tempRepo(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-git-'));
  git(dir, 'init', '-q', '-b', 'main');
  for (const [rel, body] of Object.entries(files)) write(dir, rel, body);
  return dir;
}

export function write(dir: string, rel: string, body: string | Buffer, mode?: number): void {
  const abs = path.join(dir, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, body);
  if (mode !== undefined) chmodSync(abs, mode);
}

export function link(dir: string, rel: string, target: string): void {
  const abs = path.join(dir, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  symlinkSync(target, abs);
}

/** Stages everything and commits. */
export function commitAll(dir: string, message = 'c'): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
}

/** A submodule entry (mode 160000) at `rel`, as `git submodule add` records it, without cloning anything. */
export function addGitlink(dir: string, rel: string, commit = SUBMODULE_COMMIT): void {
  git(dir, 'update-index', '--add', '--cacheinfo', `160000,${commit},${rel}`);
}

/** Git does not look inside a gitlink's commit, so any id will do. */
export const SUBMODULE_COMMIT = '0123456789abcdef0123456789abcdef01234567';

/**
 * Makes `c.txt` conflict: `main` says "ours", branch `other` says "theirs",
 * and `main` merges `other`. Returns whether git reported the conflict.
 */
export function mergeConflict(dir: string): boolean {
  git(dir, 'checkout', '-q', '-b', 'other');
  write(dir, 'c.txt', 'theirs\n');
  commitAll(dir);
  git(dir, 'checkout', '-q', 'main');
  write(dir, 'c.txt', 'ours\n');
  commitAll(dir);
  try {
    git(dir, 'merge', '-q', 'other');
    return false;
  } catch {
    return true;
  }
}
