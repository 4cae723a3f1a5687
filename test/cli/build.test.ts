import { appendFileSync, existsSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyExample, layerplan, repoRoot } from '../_helpers/cli.js';

const t = suite('cli/build');

interface JsonPlan {
  steps: { line: number; instruction: string; status: string; certain: boolean; reason: { kind: string; modified?: string[] } | null }[];
  summary: { cached: number; rebuilt: number };
}

/** A plan counted as built (--assume-built): each call stands for a real build, as in the recorded replays. */
function plan(dir: string, cache: string, ...extra: string[]): JsonPlan {
  const r = layerplan(['build', dir, '--json', '--cache-dir', cache, '--assume-built', ...extra]);
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

t('a plan is not a build: two plain plans (TUI-less, plain, --json) never call a step cached', () => {
  const { dir, cache } = copyExample('node-app');
  for (const extra of [[], ['--json'], ['--no-tui'], [], ['--json']]) {
    const r = layerplan(['build', dir, '--cache-dir', cache, ...extra]);
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stdout, /0 cached|"cached": 0/);
    if (extra.includes('--json')) assert.equal((JSON.parse(r.stdout) as { comparedWith: unknown }).comparedWith, { kind: 'none', cachedElsewhere: 0 });
    else assert.match(r.stdout, /^no real build of this Dockerfile known: every step is a first build/m);
  }
  assert.not.ok(existsSync(path.join(cache, 'runs')), 'nothing recorded');
});

t('--assume-built records the plan (the next plan says cached and names it); --dry-run wins over it', () => {
  const { dir, cache } = copyExample('node-app');
  layerplan(['build', dir, '--cache-dir', cache, '--assume-built', '--dry-run']);
  assert.not.ok(existsSync(path.join(cache, 'runs')), '--dry-run wins');
  const first = JSON.parse(layerplan(['build', dir, '--cache-dir', cache, '--json', '--assume-built']).stdout) as JsonPlan & { assumeBuilt: boolean; comparedWith: { kind: string } };
  assert.is(first.assumeBuilt, true);
  assert.is(first.comparedWith.kind, 'none');
  const r = layerplan(['build', dir, '--cache-dir', cache]);
  assert.match(r.stdout, /^assuming your plan of \d{4}-\d\d-\d\d \d\d:\d\d UTC was built \(5 steps; --assume-built\), not a real build$/m);
  assert.match(r.stdout, /5 cached, 0 rebuilt/);
  const json = JSON.parse(layerplan(['build', dir, '--cache-dir', cache, '--json']).stdout) as { comparedWith: { kind: string; steps: number } };
  assert.equal([json.comparedWith.kind, json.comparedWith.steps], ['assumed', 5]);
  assert.is(readdirSync(path.join(cache, 'runs')).length, 1);
});

t('LAYERPLAN_ASSUME_BUILT=1 is the setting for --assume-built; 0 turns it off', () => {
  const { dir, cache } = copyExample('node-app');
  layerplan(['build', dir, '--cache-dir', cache], { env: { LAYERPLAN_ASSUME_BUILT: '0' } });
  assert.not.ok(existsSync(path.join(cache, 'runs')));
  layerplan(['build', dir, '--cache-dir', cache], { env: { LAYERPLAN_ASSUME_BUILT: '1' } });
  assert.is(readdirSync(path.join(cache, 'runs')).length, 1);
});

t('--dry-run is accepted and changes nothing on a plain plan; --exit-code says 10 when something would rebuild', () => {
  const { dir, cache } = copyExample('node-app');
  assert.is(layerplan(['build', dir, '--cache-dir', cache, '--dry-run', '--exit-code']).status, 10);
  assert.is(layerplan(['build', dir, '--cache-dir', cache, '--exit-code']).status, 10);
  assert.is(layerplan(['build', dir, '--cache-dir', cache, '--assume-built']).status, 0);
  assert.is(layerplan(['build', dir, '--cache-dir', cache, '--exit-code']).status, 0);
  assert.is(readdirSync(path.join(cache, 'runs')).length, 1);
});

t('plain report: one line per step with status, line and reason, and a summary', () => {
  const { dir, cache } = copyExample('node-bad-order');
  layerplan(['build', dir, '--cache-dir', cache, '--assume-built']);
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
  assert.is(r.status, 3);
  assert.match(r.stderr, /nowhere does not exist/);
  // A file, and a path through a file (ENOTDIR): not folders either, with the same exit code.
  for (const [notFolder, message] of [[path.join(dir, 'Dockerfile'), /Dockerfile is a file, not a folder; to plan it: layerplan build /], [path.join(dir, 'Dockerfile', 'x'), /Dockerfile\/x does not exist/]] as const) {
    r = layerplan(['build', notFolder, '--cache-dir', cache]);
    assert.is(r.status, 3, notFolder);
    assert.match(r.stderr, message);
  }
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
  layerplan(['build', dir, '--assume-built'], { env: { LAYERPLAN_CACHE_DIR: cache } });
  assert.is(readdirSync(path.join(cache, 'runs')).length, 1);
  layerplan(['build', dir, '--assume-built'], { env: { LAYERPLAN_CACHE_DIR: '', XDG_CACHE_HOME: cache } });
  assert.is(readdirSync(path.join(cache, 'layerplan', 'runs')).length, 1);
});

t.run();
