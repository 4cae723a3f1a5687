/**
 * The one place layerplan runs git: synchronously (the pre-commit path does a
 * handful of calls and nothing else, so a promise per call would only add
 * latency), with output as bytes and failures as GitError.
 */
import { execFile, spawnSync } from 'node:child_process';
import { errorCode } from '../lang/error-code.js';

/** git failed or is missing; the message is git's own first line of stderr. */
export class GitError extends Error {
  constructor(
    message: string,
    readonly args: readonly string[],
  ) {
    super(message);
    this.name = 'GitError';
  }
}

const MAX_OUTPUT = 1 << 30;

export function runGit(cwd: string, args: readonly string[], input?: string | Buffer, env: Readonly<Record<string, string>> = {}): Buffer {
  const res = spawnSync('git', args, { cwd, input, maxBuffer: MAX_OUTPUT, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', ...env } });
  if (res.error) {
    const missing = errorCode(res.error) === 'ENOENT';
    throw new GitError(missing ? 'git is not installed or not on PATH' : res.error.message, args);
  }
  if (res.status !== 0) {
    const why = res.stderr.toString('utf8').trim().split('\n')[0] || `exit status ${res.status}`;
    throw new GitError(`git ${args[0] ?? ''}: ${why}`, args);
  }
  return res.stdout;
}

/** Like runGit, but a non-zero exit means "no" (e.g. `rev-parse --verify -q`). */
export function tryGit(cwd: string, args: readonly string[]): Buffer | null {
  try {
    return runGit(cwd, args);
  } catch (err) {
    if (err instanceof GitError && !err.message.startsWith('git is not installed')) return null;
    throw err;
  }
}

/** The same, without blocking: for the two tree reads, which can run side by side; `input` goes to its stdin. */
export function runGitAsync(cwd: string, args: readonly string[], input?: string | Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { cwd, encoding: 'buffer', maxBuffer: MAX_OUTPUT, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const missing = errorCode(err) === 'ENOENT';
      const why = stderr.toString('utf8').trim().split('\n')[0] || err.message;
      reject(new GitError(missing ? 'git is not installed or not on PATH' : `git ${args[0] ?? ''}: ${why}`, args));
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** tryGit without blocking. */
export async function tryGitAsync(cwd: string, args: readonly string[]): Promise<Buffer | null> {
  try {
    return await runGitAsync(cwd, args);
  } catch (err) {
    if (err instanceof GitError && !err.message.startsWith('git is not installed')) return null;
    throw err;
  }
}
