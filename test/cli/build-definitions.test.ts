/** `layerplan build DIR` on compose and bake projects: one plan per service or target. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { layerplan } from '../_helpers/cli.js';

const t = suite('cli/build-definitions');
const DOCKERFILE = 'FROM busybox:local AS base\nCOPY a.txt ./\nFROM base AS dev\nRUN echo dev\nFROM base AS final\nRUN echo final\n';

function project(files: Record<string, string>): { dir: string; cache: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'lp-defs-cli-'));
  const dir = path.join(root, 'p');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return { dir, cache: path.join(root, 'cache') };
}
const env = { LAYERPLAN_NO_ENGINE: '1' };

const compose = (): { dir: string; cache: string } =>
  project({
    'compose.yaml': 'services:\n  web:\n    build:\n      context: ./web\n      target: dev\n      args: [V=1]\n  api:\n    build: ./web\n  db:\n    image: postgres\n',
    'web/Dockerfile': DOCKERFILE,
    'web/a.txt': 'a\n',
  });

t('compose, no Dockerfile: one section per service that builds, each with its own target', () => {
  const { dir, cache } = compose();
  const r = layerplan(['build', dir, '--cache-dir', cache], { env });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /== service "web" \(compose\.yaml\): web\/Dockerfile, target dev/);
  assert.match(r.stdout, /== service "api" \(compose\.yaml\): web\/Dockerfile\n/);
  assert.not.match(r.stdout, /service "db"/);
});

t('--json with several plans: {schemaVersion, plans: [...]} each with "service"; --service alone keeps today\'s shape', () => {
  const { dir, cache } = compose();
  const many = JSON.parse(layerplan(['build', dir, '--cache-dir', cache, '--json'], { env }).stdout) as { schemaVersion: number; plans: { service: string; target: string | null }[] };
  assert.is(many.schemaVersion, 1);
  assert.equal(many.plans.map((p) => [p.service, p.target]), [['web', 'dev'], ['api', null]]);
  const one = JSON.parse(layerplan(['build', dir, '--cache-dir', cache, '--json', '--service', 'web'], { env }).stdout) as { schemaVersion: number; target: string; plans?: unknown };
  assert.is(one.target, 'dev');
  assert.is(one.plans, undefined);
});

t('bake: the default group, --bake-target for another; a bad bake file is file:line:column', () => {
  const { dir, cache } = project({
    'docker-bake.hcl': 'group "default" {\n  targets = ["dev"]\n}\ntarget "dev" {\n  target = "dev"\n}\ntarget "final" {\n  target = "final"\n}\n',
    Dockerfile: DOCKERFILE,
    'a.txt': 'a\n',
  });
  // A Dockerfile is in DIR: only --bake-target (or --bake-file) makes it a bake project.
  const plain = JSON.parse(layerplan(['build', dir, '--cache-dir', cache, '--json'], { env }).stdout) as { target: string | null };
  assert.is(plain.target, null);
  const both = JSON.parse(layerplan(['build', dir, '--cache-dir', cache, '--json', '--bake-target', 'dev', '--bake-target', 'final'], { env }).stdout) as { plans: { bakeTarget: string; target: string }[] };
  assert.equal(both.plans.map((p) => [p.bakeTarget, p.target]), [['dev', 'dev'], ['final', 'final']]);
  writeFileSync(path.join(dir, 'docker-bake.hcl'), 'target "dev" {\n  target = \n}\n');
  const bad = layerplan(['build', dir, '--cache-dir', cache, '--bake-target', 'dev'], { env });
  assert.is(bad.status, 3);
  assert.match(bad.stderr, /docker-bake\.hcl:2:12: expected an expression; fix it and run again/);
});

t('a service whose context is missing: its name and path, exit 3; an unknown --service is a usage error', () => {
  const { dir, cache } = project({ 'compose.yaml': 'services:\n  web:\n    build: ./nowhere\n' });
  const r = layerplan(['build', dir, '--cache-dir', cache], { env });
  assert.is(r.status, 3);
  assert.match(r.stderr, /service "web": build context .*nowhere does not exist/);
  const { dir: d2, cache: c2 } = compose();
  const u = layerplan(['build', d2, '--cache-dir', c2, '--service', 'nope'], { env });
  assert.is(u.status, 2);
  assert.match(u.stderr, /--service nope: no service with a build section of that name \(services that build: web, api\)/);
});

t('one service alone is reported as a plain build, named under the header (and in the TUI\'s note line)', () => {
  const { dir, cache } = compose();
  const r = layerplan(['build', dir, '--cache-dir', cache, '--service', 'web', '--no-tui'], { env });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /· target dev\nservice "web" \(compose\.yaml\): web\/Dockerfile, target dev\n/);
  assert.not.match(r.stdout, /== service/);
});

t('dockerfile_inline is planned like a file (records of its own); a remote context is named, not planned', () => {
  const { dir, cache } = project({
    'compose.yaml': 'services:\n  tool:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM busybox:local\n        COPY a.txt /a\n  far:\n    build: https://github.com/docker/buildx.git\n',
    'a.txt': 'a\n',
  });
  const r = layerplan(['build', dir, '--cache-dir', cache, '--json'], { env });
  assert.is(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { plans: { service: string; dockerfile?: string; steps?: { instruction: string }[]; notPlanned?: { kind: string } }[] };
  const tool = json.plans.find((p) => p.service === 'tool');
  assert.equal(tool?.steps?.map((s) => s.instruction), ['FROM busybox:local', 'COPY a.txt /a']);
  assert.match(tool?.dockerfile ?? '', /tool\.inline\.Dockerfile$/);
  assert.equal(json.plans.find((p) => p.service === 'far')?.notPlanned?.kind, 'remote-context');
});

t.run();
