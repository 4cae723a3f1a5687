/**
 * layerplan's reading of real bake files against `docker buildx bake --print`
 * (Docker 28.5's bundled buildx), with several environments: targets,
 * contexts, Dockerfiles, args, platforms and no-cache must agree. Skips when
 * no docker CLI with buildx runs here (see ../shared/builders/README.md).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readBake } from '../../src/definitions/index.js';
import { unless } from '../_helpers/skip.js';
import { fromDefinitions, fromPrint, sortedArgs } from '../definitions/_bake-print.js';
import { realDefinition } from '../definitions/_fixtures.js';
import { missingCopies, showReal, source } from '../_helpers/real-sources.js';

const NAME = 'conformance/bake-print';
const t = suite(NAME);
const DOCKER = process.env.LAYERPLAN_DOCKER ?? '/tmp/d28/bin/docker';
const dockerEnv = { PATH: process.env.PATH ?? '', DOCKER_CONFIG: process.env.DOCKER_CONFIG ?? '/tmp/d28/cfg', DOCKER_HOST: process.env.DOCKER_HOST ?? 'unix:///tmp/d28/docker.sock' };

function bakePrint(dir: string, targets: readonly string[], env: Record<string, string>): string | null {
  const r = spawnSync(DOCKER, ['buildx', 'bake', '--progress=quiet', '--print', ...targets], { cwd: dir, encoding: 'utf8', env: { ...dockerEnv, ...env }, timeout: 60_000 });
  return r.status === 0 ? r.stdout : null;
}

const probe = spawnSync(DOCKER, ['buildx', 'version'], { encoding: 'utf8', env: dockerEnv, timeout: 20_000 });
const noBuildx = probe.status === 0 ? null : `no docker CLI with buildx at ${DOCKER} (set LAYERPLAN_DOCKER, or run ../shared/builders/setup-docker.sh)`;
const test = unless(t, NAME, noBuildx);
const BUILDX_BAKE = source(realDefinition('buildx/docker-bake.hcl'));

function compare(dir: string, files: readonly string[], targets: readonly string[], env: Record<string, string>): void {
  const theirs = bakePrint(dir, targets, env);
  assert.ok(theirs, `bake --print failed in ${dir}`);
  const sources = files.map((f) => ({ path: path.join(dir, f), text: readFileSync(path.join(dir, f), 'utf8') }));
  const ours = readBake({ files: sources, workdir: dir, env: new Map(Object.entries(env)), targets, host: { now: '', homedir: '' }, readText: () => null });
  assert.ok(ours.ok, JSON.stringify(ours));
  if (!ours.ok) return;
  assert.equal(sortedArgs(fromDefinitions(ours.definitions)), sortedArgs(fromPrint(theirs as string, dir)));
}

unless(t, NAME, noBuildx ?? missingCopies([BUILDX_BAKE]))('docker/buildx docker-bake.hcl, every group, empty and set environments', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-bake-'));
  writeFileSync(path.join(dir, 'docker-bake.hcl'), showReal(BUILDX_BAKE) ?? '');
  const targets = ['default', 'validate', 'lint-gopls', 'validate-docs', 'integration-test', 'govulncheck', 'release', 'image-local', 'test', 'mod-outdated'];
  compare(dir, ['docker-bake.hcl'], targets, {});
  compare(dir, ['docker-bake.hcl'], targets, { GO_VERSION: '1.23', TEST_COVERAGE: '1', DOCS_FORMATS: 'md,yaml', GOLANGCI_LINT_MULTIPLATFORM: '1', HTTP_PROXY: 'http://p' });
});

test('override files, JSON, inherits, matrix, functions and a compose file as bake file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-bake-'));
  writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  web:\n    build:\n      context: ./web\n      target: dev\n      args: [A=1]\n');
  writeFileSync(path.join(dir, 'docker-bake.hcl'), [
    'variable "TAG" { default = "1" }',
    'variable "DEBUG" { default = false }',
    'function "v" {', '  params = [x]', '  result = "v${x}"', '}',
    'target "_base" {', '  args = { TAG = v(TAG), DEBUG = DEBUG ? "on" : "off" }', '  platforms = ["linux/amd64"]', '}',
    'target "app" {', '  inherits = ["_base"]', '  context = "app"', '  dockerfile = "build/Dockerfile"', '  args = { EXTRA = upper("x") }', '  no-cache = true', '}',
    'target "m" {', '  name = "m-${t}"', '  matrix = { t = ["a", "b"] }', '  target = t', '}',
    'group "all" { targets = ["app", "m", "web"] }',
    '',
  ].join('\n'));
  writeFileSync(path.join(dir, 'docker-bake.override.json'), JSON.stringify({ target: { app: { target: 'prod-${TAG}' } } }));
  const files = ['compose.yaml', 'docker-bake.hcl', 'docker-bake.override.json'];
  compare(dir, files, ['all'], {});
  compare(dir, files, ['all'], { TAG: '7', DEBUG: 'true' });
});

t.run();
