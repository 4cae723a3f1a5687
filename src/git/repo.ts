/** Where the repository is, where its hooks and index live (core.hooksPath, GIT_INDEX_FILE included). */
import { statSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ObjectFormat } from './index-file.js';
import { GitError, runGit, runGitAsync } from './run-git.js';

export interface Repo {
  /** Absolute path of the work tree's top folder. */
  readonly root: string;
  /** Absolute path of the folder git runs hooks from (honours core.hooksPath). */
  readonly hooksDir: string;
  /** Absolute path of the git dir (a worktree's own), where layerplan keeps local state. */
  readonly gitDir: string;
  /** Absolute path of the index file git reads (GIT_INDEX_FILE when set: a hook of `git commit -a` gets a temporary one). */
  readonly indexFile: string;
  /** The object ids' hash; null when git did not say (a git older than 2.28 echoes the flag back). */
  readonly objectFormat: ObjectFormat | null;
}

const REV_PARSE = ['rev-parse', '--show-toplevel', '--git-path', 'hooks', '--absolute-git-dir', '--git-path', 'index', '--show-object-format'];

/** One rev-parse for all of it: git's own answers, worktrees, GIT_DIR, safe.directory and all. */
export function openRepo(cwd: string): Repo {
  try {
    return repoOf(cwd, runGit(cwd, REV_PARSE));
  } catch (err) {
    throw notARepo(cwd, err);
  }
}

/** openRepo without blocking, so that work which does not need its answer runs while git answers. */
export async function openRepoAsync(cwd: string): Promise<Repo> {
  try {
    return repoOf(cwd, await runGitAsync(cwd, REV_PARSE));
  } catch (err) {
    throw notARepo(cwd, err);
  }
}

function repoOf(cwd: string, stdout: Buffer): Repo {
  const [root, hooks, gitDir, index, format] = stdout.toString('utf8').trim().split('\n');
  if (!root || !hooks || !gitDir || !index) throw new GitError(`git rev-parse gave no work tree for ${cwd}`, ['rev-parse']);
  return { root, hooksDir: resolve(cwd, hooks), gitDir, indexFile: resolve(cwd, index), objectFormat: format === 'sha1' || format === 'sha256' ? format : null };
}

/** rev-parse's own failure (not a repository, no git) as one line saying what to do; anything else as it is. */
function notARepo(cwd: string, err: unknown): unknown {
  return err instanceof GitError && err.args === REV_PARSE ? new GitError(`${cwd} is not inside a git work tree (${err.message}); run this in a git repository`, err.args) : err;
}

/**
 * The index file git will most likely name, guessed without git so it can
 * be read while rev-parse runs: GIT_INDEX_FILE, else `.git/index` in the
 * nearest folder up from `cwd` that has a `.git` folder. Only a guess: the
 * caller keeps what it read only when git names the same file. null where
 * git's discovery may go elsewhere (GIT_DIR, GIT_WORK_TREE, a `.git` file
 * of a linked worktree or submodule, none found).
 */
export function likelyIndexFile(cwd: string, env: Readonly<Record<string, string | undefined>>): string | null {
  if (env.GIT_INDEX_FILE) return resolve(cwd, env.GIT_INDEX_FILE);
  if (env.GIT_DIR || env.GIT_WORK_TREE || env.GIT_COMMON_DIR) return null;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const st = statOrNull(join(dir, '.git'));
    if (st !== null) return st.isDirectory() ? join(dir, '.git', 'index') : null;
    if (dirname(dir) === dir) return null;
  }
}

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file) ?? null;
  } catch {
    return null;
  }
}
