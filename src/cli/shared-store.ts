/** `--against NAME` for build and explain: the shared records of the git repository holding DIR; git loads only here. */
import type { SharedStore } from '../app/shared-records.js';
import { CliError } from './errors.js';

export async function openSharedFor(dir: string, name: string, storeDir: string): Promise<SharedStore> {
  const [{ openSharedStore, SharedRecordsError }, { GitError, tryGit }] = await Promise.all([import('../app/shared-records.js'), import('../git/run-git.js')]);
  const [top, gitDir] = tryGit(dir, ['rev-parse', '--show-toplevel', '--absolute-git-dir'])?.toString('utf8').trim().split('\n') ?? [];
  if (!top) throw new CliError(`${dir} is not inside a git repository: --against reads the records shared through one (refs/layerplan/*)`, 'E_NOT_GIT');
  try {
    return await openSharedStore(top, name, storeDir, gitDir);
  } catch (err) {
    if (err instanceof SharedRecordsError || err instanceof GitError) throw new CliError(err.message, 'E_RECORDS');
    throw err;
  }
}
