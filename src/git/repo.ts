/** Where the repository is, where its hooks and index live (core.hooksPath, GIT_INDEX_FILE included). */
import path from 'node:path';
import type { ObjectFormat } from './index-file.js';
import { GitError, runGit } from './run-git.js';

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

/** One rev-parse for all of it: git's own answers, worktrees, GIT_DIR, safe.directory and all. */
export function openRepo(cwd: string): Repo {
  let out: string[];
  try {
    out = runGit(cwd, ['rev-parse', '--show-toplevel', '--git-path', 'hooks', '--absolute-git-dir', '--git-path', 'index', '--show-object-format']).toString('utf8').trim().split('\n');
  } catch (err) {
    if (err instanceof GitError) throw new GitError(`${cwd} is not inside a git work tree (${err.message}); run this in a git repository`, err.args);
    throw err;
  }
  const [root, hooks, gitDir, index, format] = out;
  if (!root || !hooks || !gitDir || !index) throw new GitError(`git rev-parse gave no work tree for ${cwd}`, ['rev-parse']);
  return { root, hooksDir: path.resolve(cwd, hooks), gitDir, indexFile: path.resolve(cwd, index), objectFormat: format === 'sha1' || format === 'sha256' ? format : null };
}
