/** Where the repository is and where its hooks live (core.hooksPath included). */
import path from 'node:path';
import { GitError, runGit } from './run-git.js';

export interface Repo {
  /** Absolute path of the work tree's top folder. */
  readonly root: string;
  /** Absolute path of the folder git runs hooks from (honours core.hooksPath). */
  readonly hooksDir: string;
  /** Absolute path of the git dir (a worktree's own), where layerplan keeps local state. */
  readonly gitDir: string;
}

export function openRepo(cwd: string): Repo {
  let out: string[];
  try {
    out = runGit(cwd, ['rev-parse', '--show-toplevel', '--git-path', 'hooks', '--absolute-git-dir']).toString('utf8').trim().split('\n');
  } catch (err) {
    if (err instanceof GitError) throw new GitError(`${cwd} is not inside a git work tree (${err.message}); run this in a git repository`, err.args);
    throw err;
  }
  const [root, hooks, gitDir] = out;
  if (!root || !hooks || !gitDir) throw new GitError(`git rev-parse gave no work tree for ${cwd}`, ['rev-parse']);
  return { root, hooksDir: path.resolve(cwd, hooks), gitDir };
}
