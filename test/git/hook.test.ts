/** The pre-commit hook's install and uninstall in real repositories, and what the installed script runs. */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CHAINED, HookError, hookScript, installHook, MARKER, NPX_DIR, shellQuote, uninstallHook } from '../../src/git/hook.js';
import { openRepo } from '../../src/git/repo.js';
import { GitError } from '../../src/git/run-git.js';
import { commitAll, git, tempRepo, write } from './_helpers/git-repo.js';

const t = suite('git/hook');
const SCRIPT = hookScript(`'${process.execPath}' '/opt/layerplan/bin/layerplan'`, ['--strict']);
// Not UTF-8, CRLF line ends, no final newline: what a byte-for-byte restore must keep.
const FOREIGN = Buffer.concat([Buffer.from('#!/bin/sh\r\necho "mine \xe9"\r\n', 'latin1'), Buffer.from([0xff, 0xfe, 0x00, 0x41])]);

function hooksOf(cwd: string): string {
  return openRepo(cwd).hooksDir;
}

t('default: .git/hooks, found from a subfolder; the hook is executable and marked', () => {
  const dir = tempRepo({ 'sub/deep/x': 'x\n' });
  const repo = openRepo(path.join(dir, 'sub/deep'));
  assert.is(repo.root, realpathSync(dir));
  assert.is(realpathSync(repo.hooksDir), realpathSync(path.join(dir, '.git/hooks')));
  const r = installHook(repo.hooksDir, SCRIPT);
  assert.equal(r, { kind: 'installed', hook: path.join(repo.hooksDir, 'pre-commit'), chained: null });
  assert.is(statSync(r.hook).mode & 0o777, 0o755);
  assert.ok(readFileSync(r.hook, 'utf8').includes(MARKER));
});

t('core.hooksPath relative: resolved against the work tree root whatever the cwd, and created on install', () => {
  const dir = tempRepo({ 'sub/deep/x': 'x\n' });
  git(dir, 'config', 'core.hooksPath', '.githooks');
  const hooks = hooksOf(path.join(dir, 'sub/deep'));
  assert.is(realpathSync(path.dirname(hooks)), realpathSync(dir));
  assert.is(path.basename(hooks), '.githooks');
  installHook(hooks, SCRIPT);
  assert.ok(existsSync(path.join(dir, '.githooks/pre-commit')));
  assert.not.ok(existsSync(path.join(dir, 'sub/deep/.githooks')));
  assert.not.ok(existsSync(path.join(dir, '.git/hooks/pre-commit')));
});

t('core.hooksPath absolute: used as it is', () => {
  const dir = tempRepo();
  const shared = path.join(mkdtempSync(path.join(tmpdir(), 'lp-hooks-')), 'nested', 'hooks');
  git(dir, 'config', 'core.hooksPath', shared);
  assert.is(hooksOf(dir), shared);
  installHook(hooksOf(dir), SCRIPT);
  assert.ok(existsSync(path.join(shared, 'pre-commit')));
});

t('a linked worktree uses the hooks of the repository it belongs to, as git does', () => {
  const dir = tempRepo({ a: 'a\n' });
  commitAll(dir);
  const wt = path.join(mkdtempSync(path.join(tmpdir(), 'lp-wt-')), 'wt');
  git(dir, 'worktree', 'add', '-q', wt);
  assert.is(realpathSync(hooksOf(wt)), realpathSync(path.join(dir, '.git/hooks')));
  assert.is(openRepo(wt).root, realpathSync(wt));
});

t('an existing hook is chained and put back byte for byte, mode included', () => {
  const dir = tempRepo();
  const hooks = hooksOf(dir);
  const hook = path.join(hooks, 'pre-commit');
  write(hooks, 'pre-commit', FOREIGN, 0o750);
  const r = installHook(hooks, SCRIPT);
  assert.equal(r, { kind: 'installed', hook, chained: path.join(hooks, CHAINED) });
  assert.equal(readFileSync(path.join(hooks, CHAINED)), FOREIGN);
  assert.equal(uninstallHook(hooks), { kind: 'removed', hook, restored: hook });
  assert.equal(readFileSync(hook), FOREIGN);
  assert.is(statSync(hook).mode & 0o777, 0o750);
  assert.not.ok(existsSync(path.join(hooks, CHAINED)));
});

t('installing twice updates in place: the chained hook stays the original, and uninstall restores it', () => {
  const dir = tempRepo();
  const hooks = hooksOf(dir);
  write(hooks, 'pre-commit', FOREIGN, 0o755);
  installHook(hooks, SCRIPT);
  const again = installHook(hooks, hookScript('layerplan', []));
  assert.is(again.kind, 'updated');
  assert.is(again.chained, path.join(hooks, CHAINED));
  assert.equal(readFileSync(path.join(hooks, CHAINED)), FOREIGN, 'our own hook was not chained to itself');
  assert.ok(readFileSync(path.join(hooks, 'pre-commit'), 'utf8').endsWith('exec layerplan check --staged\n'));
  assert.is(uninstallHook(hooks).kind, 'removed');
  assert.equal(readFileSync(path.join(hooks, 'pre-commit')), FOREIGN);
});

t('installing twice without an earlier hook: updated, nothing chained; uninstall leaves no hook', () => {
  const hooks = hooksOf(tempRepo());
  installHook(hooks, SCRIPT);
  assert.equal(installHook(hooks, SCRIPT), { kind: 'updated', hook: path.join(hooks, 'pre-commit'), chained: null });
  assert.equal(uninstallHook(hooks), { kind: 'removed', hook: path.join(hooks, 'pre-commit'), restored: null });
  assert.not.ok(existsSync(path.join(hooks, 'pre-commit')));
});

t('a symlinked hook (shared hook scripts) is chained and restored as the same link', () => {
  const dir = tempRepo({ 'scripts/pre-commit': '#!/bin/sh\necho shared\n' });
  const hooks = hooksOf(dir);
  mkdirSync(hooks, { recursive: true });
  symlinkSync('../../scripts/pre-commit', path.join(hooks, 'pre-commit'));
  installHook(hooks, SCRIPT);
  assert.is(readFileSync(path.join(dir, 'scripts/pre-commit'), 'utf8'), '#!/bin/sh\necho shared\n', 'the shared script is not overwritten');
  uninstallHook(hooks);
  assert.is(readlinkSync(path.join(hooks, 'pre-commit')), '../../scripts/pre-commit');
});

t('a dangling symlinked hook is chained too, not written through', () => {
  const dir = tempRepo();
  const hooks = hooksOf(dir);
  mkdirSync(hooks, { recursive: true });
  symlinkSync('../../gone/pre-commit', path.join(hooks, 'pre-commit'));
  const r = installHook(hooks, SCRIPT);
  assert.is(r.chained, path.join(hooks, CHAINED));
  assert.ok(lstatSync(r.hook).isFile());
  assert.not.ok(existsSync(path.join(dir, 'gone')), 'nothing is created where the link pointed');
  assert.is(uninstallHook(hooks).kind, 'removed');
  assert.is(readlinkSync(path.join(hooks, 'pre-commit')), '../../gone/pre-commit');
});

t('uninstall when not installed says so and touches nothing (no hook, or somebody else\'s)', () => {
  const hooks = hooksOf(tempRepo());
  assert.equal(uninstallHook(hooks), { kind: 'not-installed', hook: path.join(hooks, 'pre-commit') });
  write(hooks, 'pre-commit', FOREIGN, 0o755);
  write(hooks, CHAINED, 'leftover\n');
  assert.is(uninstallHook(hooks).kind, 'not-installed');
  assert.equal(readFileSync(path.join(hooks, 'pre-commit')), FOREIGN);
  assert.is(readFileSync(path.join(hooks, CHAINED), 'utf8'), 'leftover\n');
});

t('a foreign hook with a chained one already there: install refuses and says what to do', () => {
  const hooks = hooksOf(tempRepo());
  write(hooks, 'pre-commit', FOREIGN, 0o755);
  write(hooks, CHAINED, 'older\n');
  try {
    installHook(hooks, SCRIPT);
    assert.unreachable('should refuse');
  } catch (err) {
    assert.instance(err, HookError);
    assert.match((err as Error).message, 'move one of them away');
  }
  assert.equal(readFileSync(path.join(hooks, 'pre-commit')), FOREIGN);
});

t('the script runs the chained hook first, stops on its failure, and passes arguments intact', () => {
  const hooks = hooksOf(tempRepo());
  const argsFile = path.join(hooks, 'args');
  const printArgs = `sh -c 'for a in "$@"; do echo "[$a]"; done > ${shellQuote(argsFile)}' printer`;
  installHook(hooks, hookScript(printArgs, ['--fail-on', 'a b', "it's"]));
  write(hooks, CHAINED, `#!/bin/sh\necho chained >> ${shellQuote(path.join(hooks, 'order'))}\nexit "\${FAIL:-0}"\n`, 0o755);
  const run = (env: Record<string, string>) => spawnSync(path.join(hooks, 'pre-commit'), [], { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.is(run({}).status, 0);
  assert.is(readFileSync(argsFile, 'utf8'), '[check]\n[--staged]\n[--fail-on]\n[a b]\n[it\'s]\n');
  writeFileSync(argsFile, '');
  assert.is(run({ FAIL: '3' }).status, 3);
  assert.is(readFileSync(argsFile, 'utf8'), '', 'layerplan does not run after the chained hook failed');
  assert.is(readFileSync(path.join(hooks, 'order'), 'utf8'), 'chained\nchained\n');
});

/** The folder of the real git, for a PATH that holds it and the fakes but no layerplan of the machine's. */
const realGit = path.dirname(spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim());

/**
 * A folder of fake commands that log each call to `log`: `layerplan` as it would be found, and `git` and
 * `dirname`, which the hook must not need on its way to layerplan.
 */
function loggingCommands(log: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-fakes-'));
  for (const name of ['layerplan', 'git', 'dirname']) write(dir, name, `#!/bin/sh\necho "${name} $*" >> ${shellQuote(log)}\n`, 0o755);
  return dir;
}

t('the default lookup starts no process before layerplan: node_modules/.bin at the top (where git runs hooks), then PATH', () => {
  const dir = tempRepo();
  const hooks = hooksOf(dir);
  installHook(hooks, hookScript(null, ['--strict']));
  const log = path.join(mkdtempSync(path.join(tmpdir(), 'lp-log-')), 'calls');
  const fakes = loggingCommands(log);
  mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(path.join(fakes, 'layerplan'), path.join(dir, 'node_modules/.bin/layerplan'));
  const run = (cwd: string, PATH: string) => spawnSync(path.join(hooks, 'pre-commit'), [], { cwd, encoding: 'utf8', env: { ...process.env, PATH } });
  assert.is(run(dir, `${fakes}:/bin:/usr/bin`).status, 0);
  assert.is(readFileSync(log, 'utf8'), 'layerplan check --staged --strict\n', 'node_modules/.bin, and nothing else ran');
  rmSync(path.join(dir, 'node_modules'), { recursive: true });
  writeFileSync(log, '');
  assert.is(run(dir, `${fakes}:/bin:/usr/bin`).status, 0);
  assert.is(readFileSync(log, 'utf8'), 'layerplan check --staged --strict\n', 'then PATH, still alone');
});

t('started from a subfolder with layerplan only in the top\'s node_modules/.bin, the hook asks git for the top', () => {
  const dir = tempRepo({ 'sub/x': 'x\n' });
  const hooks = hooksOf(dir);
  installHook(hooks, hookScript(null, []));
  const log = path.join(mkdtempSync(path.join(tmpdir(), 'lp-log-')), 'calls');
  const fakes = loggingCommands(log);
  mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(path.join(fakes, 'layerplan'), path.join(dir, 'node_modules/.bin/layerplan'));
  const r = spawnSync(path.join(hooks, 'pre-commit'), [], { cwd: path.join(dir, 'sub'), encoding: 'utf8', env: { ...process.env, PATH: `${realGit}:/bin:/usr/bin` } });
  assert.is(r.status, 0, r.stderr);
  assert.is(readFileSync(log, 'utf8'), 'layerplan check --staged\n');
});

/** A clean environment for the lookup: a HOME of its own (no ~/.npmrc, no npx cache), no npm settings from the caller. */
function lookupEnv(home: string, PATH: string, more: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, PATH, ...more };
  for (const k of Object.keys(env)) if (/^npm_config_/i.test(k) && !(k in more)) delete env[k];
  return env;
}

t('layerplan nowhere npx could find it: npx is not started (it would take seconds asking the registry), the one line comes at once', () => {
  const dir = tempRepo({ 'package.json': '{"name":"app","devDependencies":{"layerplan":"^1"}}\n' });
  const hooks = hooksOf(dir);
  installHook(hooks, hookScript(null, []));
  const log = path.join(mkdtempSync(path.join(tmpdir(), 'lp-log-')), 'calls');
  const fakes = loggingCommands(log);
  rmSync(path.join(fakes, 'layerplan'));
  rmSync(path.join(fakes, 'git'));
  write(fakes, 'npx', `#!/bin/sh\necho "npx $*" >> ${shellQuote(log)}\nexit 1\n`, 0o755);
  const home = mkdtempSync(path.join(tmpdir(), 'lp-home-'));
  const run = (more: Record<string, string> = {}) => spawnSync(path.join(hooks, 'pre-commit'), [], { cwd: dir, encoding: 'utf8', env: lookupEnv(home, `${fakes}:${realGit}:/bin`, more) });
  const absent = run();
  assert.is(absent.status, 0);
  assert.is(absent.stderr, 'layerplan: not found in node_modules/.bin, on PATH or through npx; commit not checked; install it with npm install --save-dev layerplan\n');
  assert.not.ok(existsSync(log), 'a devDependency that is not installed gives npx nothing to run: it is not asked');
  // Where npx could find it, npx is asked (and here finds nothing: the same line).
  const cache = mkdtempSync(path.join(tmpdir(), 'lp-npm-cache-'));
  write(cache, `_npx/${NPX_DIR}/node_modules/.bin/layerplan`, '#!/bin/sh\n', 0o755);
  assert.is(run({ npm_config_cache: cache }).stderr, absent.stderr);
  assert.is(readFileSync(log, 'utf8'), 'npx --no-install layerplan --version\n', 'npx\'s own cache holds `npx layerplan`: npx decides');
  rmSync(log);
  write(dir, 'node_modules/layerplan/package.json', '{}');
  run();
  assert.is(readFileSync(log, 'utf8'), 'npx --no-install layerplan --version\n', 'installed without its bin link: npx decides');
});

t('a layerplan npx would run straight away is run by the hook itself: a node_modules/.bin further up, npm\'s global prefix from ~/.npmrc', () => {
  const outer = mkdtempSync(path.join(tmpdir(), 'lp-outer-'));
  const dir = path.join(outer, 'repo');
  git(outer, 'init', '-q', '-b', 'main', dir);
  const hooks = hooksOf(dir);
  installHook(hooks, hookScript(null, []));
  const log = path.join(mkdtempSync(path.join(tmpdir(), 'lp-log-')), 'calls');
  const fakes = loggingCommands(log);
  const fake = readFileSync(path.join(fakes, 'layerplan'), 'utf8');
  rmSync(path.join(fakes, 'layerplan'));
  const home = mkdtempSync(path.join(tmpdir(), 'lp-home-'));
  const run = () => spawnSync(path.join(hooks, 'pre-commit'), [], { cwd: dir, encoding: 'utf8', env: lookupEnv(home, `${realGit}:${fakes}:/bin`) });
  write(outer, 'node_modules/.bin/layerplan', fake.replace('layerplan $*', 'outer-layerplan $*'), 0o755);
  assert.is(run().status, 0);
  assert.is(readFileSync(log, 'utf8'), 'outer-layerplan check --staged\n');
  rmSync(path.join(outer, 'node_modules'), { recursive: true });
  writeFileSync(log, '');
  write(home, '.npmrc', 'prefix = ~/.npm-global\n');
  write(home, '.npm-global/bin/layerplan', fake.replace('layerplan $*', 'global-layerplan $*'), 0o755);
  assert.is(run().status, 0);
  assert.is(readFileSync(log, 'utf8'), 'global-layerplan check --staged\n');
});

t('outside a work tree: a GitError that says where and what to do', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-nogit-'));
  try {
    openRepo(dir);
    assert.unreachable('should throw');
  } catch (err) {
    assert.instance(err, GitError);
    assert.match((err as Error).message, `${dir} is not inside a git work tree`);
    assert.match((err as Error).message, 'run this in a git repository');
  }
});

t.run();
