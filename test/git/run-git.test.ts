/**
 * runGitAsync: git's stdout as bytes, its input on stdin, and failures as
 * GitError with the message execFile's error gave (git's first line of
 * stderr, else execFile's "Command failed" text), the reference here.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { GitError, runGitAsync } from '../../src/git/run-git.js';
import { git, tempRepo } from './_helpers/git-repo.js';

const t = suite('git/run-git');

/** What execFile said of the same command: its stdout, or the message the old runGitAsync made of its error. */
function byExecFile(cwd: string, args: readonly string[], input?: string): Promise<{ stdout: Buffer } | { message: string }> {
  return new Promise((resolve) => {
    const child = execFile('git', args, { cwd, encoding: 'buffer', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } }, (err, stdout, stderr) => {
      if (!err) return resolve({ stdout });
      resolve({ message: `git ${args[0] ?? ''}: ${stderr.toString('utf8').trim().split('\n')[0] || err.message}` });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

async function answer(cwd: string, args: readonly string[], input?: string, maxOutput?: number): Promise<{ stdout: Buffer } | { message: string }> {
  try {
    return { stdout: await runGitAsync(cwd, args, input, maxOutput) };
  } catch (err) {
    assert.ok(err instanceof GitError);
    assert.is(err.args, args);
    return { message: err.message };
  }
}

t('the same answers as execFile: output, input on stdin, a failure with stderr and one without', async () => {
  const dir = tempRepo({ 'a.txt': 'a\n' });
  git(dir, 'add', '-A');
  const oid = git(dir, 'rev-parse', ':a.txt').trim();
  const outside = mkdtempSync(path.join(tmpdir(), 'lp-nogit-'));
  const cases: [string, string[], string?][] = [
    [dir, ['ls-files', '-s', '-z']],
    [dir, ['cat-file', '--batch'], `${oid}\n`],
    [outside, ['rev-parse', '--show-toplevel']],
    [dir, ['rev-parse', '--verify', '-q', 'no-such-rev^{commit}']],
  ];
  for (const [cwd, args, input] of cases) assert.equal(await answer(cwd, args, input), await byExecFile(cwd, args, input), args.join(' '));
  const failedQuietly = await answer(dir, ['rev-parse', '--verify', '-q', 'no-such-rev^{commit}']);
  assert.equal(failedQuietly, { message: 'git rev-parse: Command failed: git rev-parse --verify -q no-such-rev^{commit}\n' });
});

t('a call without input gets no stdin: git reading it sees its end at once', async () => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still waiting for stdin after 10 s'), 10_000)));
  const empty = await Promise.race([runGitAsync(tempRepo(), ['hash-object', '--stdin']).then((b) => b.toString('utf8').trim()), late]);
  clearTimeout(timer);
  assert.is(empty, 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
});

t('more output than the limit: git is stopped and the call fails as execFile failed (its maxBuffer message)', async () => {
  const dir = tempRepo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
  git(dir, 'add', '-A');
  assert.equal(await answer(dir, ['ls-files', '-s', '-z'], undefined, 10), { message: 'git ls-files: stdout maxBuffer length exceeded' });
  assert.is((await runGitAsync(dir, ['ls-files', '-z'], undefined, 12)).toString('utf8'), 'a.txt\0b.txt\0', 'up to the limit');
});

t('no git on PATH: says so', async () => {
  const saved = process.env.PATH;
  process.env.PATH = mkdtempSync(path.join(tmpdir(), 'lp-empty-path-'));
  try {
    assert.equal(await answer(tmpdir(), ['--version']), { message: 'git is not installed or not on PATH' });
  } finally {
    process.env.PATH = saved;
  }
});

t.run();
