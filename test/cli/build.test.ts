import { appendFileSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyExample, layerplan, repoRoot } from '../_helpers/cli.js';

const t = suite('cli/build');

interface JsonPlan {
  steps: { line: number; instruction: string; status: string; certain: boolean; reason: { kind: string; modified?: string[] } | null }[];
  summary: { cached: number; rebuilt: number };
}

function plan(dir: string, cache: string, ...extra: string[]): JsonPlan {
  const r = layerplan(['build', dir, '--json', '--cache-dir', cache, ...extra]);
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as JsonPlan;
}
const status = (p: JsonPlan, line: number): string | undefined => p.steps.filter((s) => s.line === line).pop()?.status;

t('node-bad-order: a README edit rebuilds COPY . . and npm ci, naming README.md', () => {
  const { dir, cache } = copyExample('node-bad-order');
  assert.is(plan(dir, cache).summary.cached, 0);
  assert.is(plan(dir, cache).summary.rebuilt, 0);
  appendFileSync(path.join(dir, 'README.md'), 'more\n');
  const p = plan(dir, cache);
  assert.equal([status(p, 4), status(p, 5), status(p, 6)], ['cached', 'rebuilt', 'rebuilt']);
  assert.equal(p.steps.find((s) => s.line === 5)?.reason, { kind: 'files-changed', added: [], removed: [], modified: ['README.md'] });
  assert.is(p.steps.find((s) => s.line === 6)?.reason?.kind, 'parent-rebuilt');
});

t('node-app: a README edit keeps everything cached (README is not copied)', () => {
  const { dir, cache } = copyExample('node-app');
  plan(dir, cache);
  appendFileSync(path.join(dir, 'README.md'), 'more\n');
  assert.is(plan(dir, cache).summary.rebuilt, 0);
  writeFileSync(path.join(dir, 'src', 'server.js'), 'console.log(2)\n');
  const p = plan(dir, cache);
  assert.equal([status(p, 6), status(p, 7)], ['cached', 'rebuilt']);
});

t('python-app: a new GIT_SHA only touches metadata under BuildKit', () => {
  const { dir, cache } = copyExample('python-app');
  plan(dir, cache);
  const p = plan(dir, cache, '--build-arg', 'GIT_SHA=abc123');
  assert.is(p.summary.rebuilt, 0);
  // buildah keys LABEL on the raw, unexpanded line: a new value hits and keeps the stale label (buildah #5501).
  const bah = (sha: string): JsonPlan => plan(dir, cache, '--builder', 'buildah', '--build-arg', `GIT_SHA=${sha}`);
  bah('one');
  assert.is(status(bah('two'), 9), 'cached');
  writeFileSync(path.join(dir, 'Dockerfile'), readFileSync(path.join(dir, 'Dockerfile'), 'utf8').replace('USER nobody', 'USER 65534'));
  const edited = bah('two');
  assert.equal([status(edited, 9), status(edited, 10), status(edited, 11)], ['cached', 'rebuilt', 'rebuilt'], 'buildah re-commits every instruction after a changed one');
});

t('go-multistage: --target build skips the others; editing main.go rebuilds COPY . . and the uncertain final COPY', () => {
  const { dir, cache } = copyExample('go-multistage');
  const first = plan(dir, cache, '--target', 'build');
  assert.ok(first.steps.filter((s) => s.line >= 12).every((s) => s.status === 'skipped'));
  plan(dir, cache);
  writeFileSync(path.join(dir, 'cmd', 'server', 'main.go'), 'package main\nfunc main() {}\n');
  const p = plan(dir, cache);
  assert.equal([status(p, 7), status(p, 8), status(p, 10)], ['cached', 'rebuilt', 'rebuilt']);
  const final = p.steps.find((s) => s.line === 16);
  assert.is(final?.status, 'rebuilt');
  assert.is(final?.certain, false);
});

t('--dry-run records nothing; --exit-code says 10 when something would rebuild', () => {
  const { dir, cache } = copyExample('node-app');
  assert.is(layerplan(['build', dir, '--cache-dir', cache, '--dry-run', '--exit-code']).status, 10);
  assert.is(layerplan(['build', dir, '--cache-dir', cache, '--dry-run', '--exit-code']).status, 10);
  assert.is(layerplan(['build', dir, '--cache-dir', cache]).status, 0);
  assert.is(layerplan(['build', dir, '--cache-dir', cache, '--exit-code']).status, 0);
  assert.is(readdirSync(path.join(cache, 'runs')).length, 2);
});

t('plain report: one line per step with status, line and reason, and a summary', () => {
  const { dir, cache } = copyExample('node-bad-order');
  layerplan(['build', dir, '--cache-dir', cache]);
  appendFileSync(path.join(dir, 'README.md'), 'x\n');
  const r = layerplan(['build', dir, '--cache-dir', cache]);
  assert.match(r.stdout, /rebuilt\s+5\s+COPY \. \.\s+files changed: README\.md \(modified\)/, r.stdout);
  assert.match(r.stdout, /2 cached, 2 rebuilt, 1 metadata; rebuild starts at line 5/);
  assert.not.match(r.stdout, /\x1b\[/, 'no colour codes in a pipe');
});

t('errors name the file and line and exit 3', () => {
  const { dir, cache } = copyExample('node-app');
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM node:20\nCOPY missing.txt ./\n');
  let r = layerplan(['build', dir, '--cache-dir', cache]);
  assert.is(r.status, 3);
  assert.match(r.stderr, /Dockerfile:2: "missing\.txt": not found in the build context/);
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM node:20\nFROB x\n');
  r = layerplan(['build', dir, '--cache-dir', cache]);
  assert.match(r.stderr, /Dockerfile:2: unknown instruction: FROB/);
  r = layerplan(['build', dir, '--cache-dir', cache, '--target', 'nope']);
  assert.is(r.status, 3);
  r = layerplan(['build', path.join(dir, 'nowhere'), '--cache-dir', cache]);
  assert.match(r.stderr, /is not a folder/);
  r = layerplan(['build', dir, '-f', path.join(dir, 'Nope.Dockerfile'), '--cache-dir', cache]);
  assert.match(r.stderr, /cannot read Dockerfile .*Nope\.Dockerfile: no such file/);
});

t('usage errors exit 2; --help teaches; --version matches package.json', () => {
  assert.is(layerplan(['build', '--frob']).status, 2);
  assert.is(layerplan(['build', '.', '--builder', 'kaniko']).status, 2);
  assert.is(layerplan(['nope']).status, 2);
  const help = layerplan(['build', '--help']);
  assert.is(help.status, 0);
  assert.match(help.stdout, /--build-arg K=V/);
  assert.match(help.stdout, /Examples:/);
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  assert.is(layerplan(['--version']).stdout.trim(), pkg.version);
});

t('LAYERPLAN_CACHE_DIR and XDG_CACHE_HOME choose the store', () => {
  const { dir, cache } = copyExample('node-app');
  layerplan(['build', dir], { env: { LAYERPLAN_CACHE_DIR: cache } });
  assert.is(readdirSync(path.join(cache, 'runs')).length, 1);
  layerplan(['build', dir], { env: { LAYERPLAN_CACHE_DIR: '', XDG_CACHE_HOME: cache } });
  assert.is(readdirSync(path.join(cache, 'layerplan', 'runs')).length, 1);
});

t.run();
