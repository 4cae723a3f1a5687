/**
 * The pre-commit hook end to end, in real temporary git repositories: install,
 * stage, `git commit`, and read what the user sees.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bin, layerplan, repoRoot } from '../_helpers/cli.js';

const t = suite('e2e/hook');

const BAD = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\n';
const GOOD = 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n';

function git(cwd: string, ...args: string[]): { status: number | null; out: string } {
  return gitWith({}, cwd, ...args);
}

function gitWith(env: Record<string, string>, cwd: string, ...args: string[]): { status: number | null; out: string } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...env, NO_COLOR: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** A committed Node project with the given Dockerfile, with layerplan installed in its node_modules/.bin. */
function project(dockerfile: string): string {
  const dir = bareProject(dockerfile);
  mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(bin, path.join(dir, 'node_modules/.bin/layerplan'));
  return dir;
}

function bareProject(dockerfile: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-hook-'));
  git(dir, 'init', '-q', '-b', 'main');
  const files: Record<string, string> = { Dockerfile: dockerfile, 'package.json': '{"name":"x"}\n', 'package-lock.json': '{}\n', 'README.md': '# x\n', 'src/index.js': 'console.log(1)\n', '.dockerignore': 'node_modules\n', '.gitignore': 'node_modules\n' };
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), c);
  }
  git(dir, 'add', '-A');
  assert.is(git(dir, 'commit', '-q', '-m', 'init').status, 0);
  return dir;
}

function editReadme(dir: string, stage: boolean): void {
  writeFileSync(path.join(dir, 'README.md'), '# x\n\nA typo fixed.\n');
  if (stage) git(dir, 'add', 'README.md');
}

t('a staged README edit under COPY . . warns at commit time, naming the file, the install step and the fix', () => {
  const dir = project(BAD);
  assert.is(layerplan(['hook', 'install'], { cwd: dir }).status, 0);
  editReadme(dir, true);
  const commit = git(dir, 'commit', '-m', 'docs');
  assert.is(commit.status, 0, commit.out);
  assert.match(commit.out, 'LP110');
  assert.match(commit.out, 'README.md');
  assert.match(commit.out, 'RUN npm ci');
  assert.match(commit.out, 'COPY package.json package-lock.json ./');
});

t('with --strict the same commit is refused', () => {
  const dir = project(BAD);
  assert.is(layerplan(['hook', 'install', '--strict'], { cwd: dir }).status, 0);
  editReadme(dir, true);
  const commit = git(dir, 'commit', '-m', 'docs');
  assert.is.not(commit.status, 0);
  assert.match(commit.out, 'cache bust');
  assert.is(git(dir, 'rev-list', '--count', 'HEAD').out.trim(), '1');
});

t('an unstaged edit is not reported', () => {
  const dir = project(BAD);
  editReadme(dir, false);
  const r = layerplan(['check', '--staged', '--strict'], { cwd: dir });
  assert.is(r.status, 0, r.stderr);
  assert.not.match(`${r.stdout}${r.stderr}`, 'README.md');
});

t('a well-ordered Dockerfile gets no warning', () => {
  const dir = project(GOOD);
  assert.is(layerplan(['hook', 'install', '--strict'], { cwd: dir }).status, 0);
  editReadme(dir, true);
  const commit = git(dir, 'commit', '-m', 'docs');
  assert.is(commit.status, 0, commit.out);
  assert.not.match(commit.out, 'warning');
});

t('install chains an existing hook (core.hooksPath honoured); uninstall leaves it intact', () => {
  const dir = project(BAD);
  git(dir, 'config', 'core.hooksPath', '.githooks');
  mkdirSync(path.join(dir, '.githooks'));
  const mine = '#!/bin/sh\necho "my own hook ran"\n';
  writeFileSync(path.join(dir, '.githooks/pre-commit'), mine);
  chmodSync(path.join(dir, '.githooks/pre-commit'), 0o755);
  assert.is(layerplan(['hook', 'install'], { cwd: dir }).status, 0);
  editReadme(dir, true);
  const commit = git(dir, 'commit', '-m', 'docs');
  assert.match(commit.out, 'my own hook ran');
  assert.match(commit.out, 'LP110');
  assert.is(layerplan(['hook', 'uninstall'], { cwd: dir }).status, 0);
  assert.is(readFileSync(path.join(dir, '.githooks/pre-commit'), 'utf8'), mine);
  assert.not.ok(existsSync(path.join(dir, '.githooks/pre-commit.pre-layerplan')));
  assert.not.ok(existsSync(path.join(dir, '.git/hooks/pre-commit')));
});

t('uninstall without a layerplan hook changes nothing', () => {
  const dir = project(GOOD);
  const r = layerplan(['hook', 'uninstall'], { cwd: dir });
  assert.is(r.status, 0);
  assert.match(r.stdout, 'nothing removed');
});

t('--format github prints workflow annotations; sarif is SARIF 2.1.0', () => {
  const dir = project(BAD);
  editReadme(dir, true);
  const gh = layerplan(['check', '--format', 'github'], { cwd: dir });
  assert.match(gh.stdout, /^::warning file=Dockerfile,line=4,title=LP110 cache bust::/m);
  const sarif = JSON.parse(layerplan(['check', '--format', 'sarif'], { cwd: dir }).stdout) as { version: string; runs: { results: { ruleId: string }[] }[] };
  assert.is(sarif.version, '2.1.0');
  assert.equal(sarif.runs[0]?.results.map((r) => r.ruleId), ['LP110']);
  const json = JSON.parse(layerplan(['check', '--json'], { cwd: dir }).stdout) as { findings: { ruleId: string; files: string[] }[] };
  assert.equal(json.findings.map((f) => [f.ruleId, f.files]), [['LP110', ['README.md']]]);
});

t('fix prints a diff that git applies, and the result has no LP101', () => {
  const dir = project(BAD);
  const diff = layerplan(['fix'], { cwd: dir });
  assert.match(diff.stdout, '+COPY package.json package-lock.json ./');
  const apply = spawnSync('git', ['apply'], { cwd: dir, input: diff.stdout, encoding: 'utf8' });
  assert.is(apply.status, 0, apply.stderr);
  const lint = layerplan(['lint', '--json'], { cwd: dir });
  assert.not.match(lint.stdout, 'LP101');
});

/** A PATH with git and sh but no layerplan (and no npx), plus `extra` first. */
function pathWithout(extra: string | null): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-path-'));
  symlinkSync(process.execPath, path.join(dir, 'node'));
  return [...(extra ? [extra] : []), dir, path.dirname(spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim()), '/bin'].join(':');
}

t('a hook installed from one clone keeps working after that clone is deleted: layerplan on PATH or in node_modules', () => {
  const clone = mkdtempSync(path.join(tmpdir(), 'lp-clone-'));
  for (const part of ['bin', 'dist/bundle', 'package.json']) cpSync(path.join(repoRoot, part), path.join(clone, part), { recursive: true });
  const dir = bareProject(BAD);
  const install = spawnSync(process.execPath, [path.join(clone, 'bin/layerplan'), 'hook', 'install', '--strict'], { cwd: dir, encoding: 'utf8' });
  assert.is(install.status, 0, install.stderr);
  rmSync(clone, { recursive: true, force: true });
  const script = readFileSync(path.join(dir, '.git/hooks/pre-commit'), 'utf8');
  assert.not.match(script, clone, 'the hook names no clone');
  assert.not.match(script, process.execPath, 'nor a node binary');
  editReadme(dir, true);
  const onPath = mkdtempSync(path.join(tmpdir(), 'lp-onpath-'));
  symlinkSync(bin, path.join(onPath, 'layerplan'));
  const viaPath = gitWith({ PATH: pathWithout(onPath) }, dir, 'commit', '-m', 'docs');
  assert.is.not(viaPath.status, 0, 'found on PATH, the strict check refuses the bust');
  assert.match(viaPath.out, 'LP110');
  assert.not.match(viaPath.out, 'MODULE_NOT_FOUND');
  mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(bin, path.join(dir, 'node_modules/.bin/layerplan'));
  const viaModules = gitWith({ PATH: pathWithout(null) }, dir, 'commit', '-m', 'docs');
  assert.is.not(viaModules.status, 0);
  assert.match(viaModules.out, 'LP110');
});

t('layerplan nowhere: one line and the commit goes on; with --strict it is refused', () => {
  const dir = bareProject(BAD);
  assert.is(layerplan(['hook', 'install'], { cwd: dir }).status, 0);
  editReadme(dir, true);
  const commit = gitWith({ PATH: pathWithout(null) }, dir, 'commit', '-m', 'docs');
  assert.is(commit.status, 0, commit.out);
  assert.is(commit.out.split('\n').filter((l) => l.startsWith('layerplan:')).length, 1);
  assert.match(commit.out, 'layerplan: not found in node_modules/.bin, on PATH or through npx; commit not checked');
  assert.is(layerplan(['hook', 'install', '--strict'], { cwd: dir }).status, 0);
  editReadme(dir, true);
  writeFileSync(path.join(dir, 'README.md'), '# x\n\nAgain.\n');
  git(dir, 'add', 'README.md');
  const strict = gitWith({ PATH: pathWithout(null) }, dir, 'commit', '-m', 'docs 2');
  assert.is.not(strict.status, 0);
  assert.match(strict.out, 'commit refused (--strict)');
});

t.run();
