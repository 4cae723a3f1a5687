/**
 * The one place layerplan runs git: synchronously (the pre-commit path does a
 * handful of calls and nothing else, so a promise per call would only add
 * latency), with output as bytes and failures as GitError.
 */
import { spawn, spawnSync } from 'node:child_process';
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

/**
 * The same, without blocking: for the two tree reads, which can run side by side; `input` goes to its stdin.
 * Spawned with no stdin at all when there is no input (execFile gave every call a pipe, a stream on it and
 * that stream's teardown at exit: ~2-4% of a `check --staged`'s CPU, paired runs), with execFile's answers:
 * its limit on stdout (`maxOutput` bytes) and its message for a failed command.
 */
export function runGitAsync(cwd: string, args: readonly string[], input?: string | Buffer, maxOutput = MAX_OUTPUT): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' }, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let overflow = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxOutput) out.push(chunk);
      else if (!overflow) {
        overflow = true;
        child.kill();
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    // A failed spawn emits 'error', then 'close': the first answer stands.
    child.on('error', (e) => reject(errorCode(e) === 'ENOENT' ? new GitError('git is not installed or not on PATH', args) : failed(args, Buffer.concat(err), e.message)));
    child.on('close', (code) => {
      const stderr = Buffer.concat(err);
      if (overflow) reject(failed(args, stderr, 'stdout maxBuffer length exceeded'));
      else if (code === 0) resolve(Buffer.concat(out));
      else reject(failed(args, stderr, `Command failed: ${['git', ...args].join(' ')}\n${stderr.toString('utf8')}`));
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** git's first line of stderr, else `why`. */
function failed(args: readonly string[], stderr: Buffer, why: string): GitError {
  return new GitError(`git ${args[0] ?? ''}: ${stderr.toString('utf8').trim().split('\n')[0] || why}`, args);
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
