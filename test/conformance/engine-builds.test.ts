/**
 * Builds layerplan did not run, against a private Docker Engine 28.5 (npm run test:conformance; see
 * _helpers/private-engine.ts): plan → plain `docker build --network none` → plan (all cached) → edit one file →
 * plan (exactly the steps the next real build rebuilds, the file named); build → `docker builder prune -af` → plan
 * (cache-pruned); a Docker context chosen with `docker context use`, DOCKER_HOST unset. The engine's answers these
 * read are recorded in test/fixtures/buildx-history and replayed by test/app/engine-builds and test/app/cache-held.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { layerplan } from '../_helpers/cli.js';
import { unless } from '../_helpers/skip.js';
import { parseBuildkitLog } from '../../src/timings/parse-buildkit-log.js';
import { privateEngineMissing, startPrivateEngine, type PrivateEngine } from './_helpers/private-engine.js';

const NAME = 'conformance/engine-builds';
const t = suite(NAME);
const test = unless(t, NAME, privateEngineMissing());
let engine: PrivateEngine | null = null;

t.before(async () => {
  if (!privateEngineMissing()) engine = await startPrivateEngine();
});
t.after(async () => {
  await engine?.stop();
});

const DOCKERFILE = `FROM busybox:local
COPY a.txt /a.txt
RUN cat /a.txt > /a2
COPY b.txt /b.txt
RUN cat /b.txt /a2 > /c
`;

interface PlanJson {
  engine: string | null;
  engineCache?: { kind: string; records?: number };
  steps: { line: number; instruction: string; status: string; reason: { kind: string; modified?: string[]; engine?: string } | null }[];
  bases: { ref: string; present: boolean | null; layers: unknown[] | null }[];
}

function project(): { dir: string; cache: string } {
  const root = mkdtempSync('/tmp/lp-engine-');
  const dir = path.join(root, 'ctx');
  mkdirSync(dir);
  const marker = randomBytes(8).toString('hex');
  writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
  writeFileSync(path.join(dir, 'a.txt'), `a-${marker}\n`);
  writeFileSync(path.join(dir, 'b.txt'), `b-${marker}\n`);
  return { dir, cache: path.join(root, 'store') };
}

function plan(dir: string, cache: string, env: Record<string, string> = engine!.env): PlanJson {
  const r = layerplan(['build', dir, '--json', '--cache-dir', cache], { env });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as PlanJson;
}

/** A plain docker build (not through layerplan); its `#N CACHED` lines by instruction. */
function dockerBuild(dir: string): Map<string, string> {
  const r = engine!.docker(['build', '--network', 'none', '--progress=plain', dir]);
  assert.is(r.status, 0, r.stderr);
  return new Map(parseBuildkitLog(r.stderr).vertices.filter((v) => !v.text.startsWith('FROM')).map((v) => [v.text, v.outcome?.kind === 'cached' ? 'cached' : 'rebuilt']));
}

const byInstruction = (p: PlanJson): Map<string, string> => new Map(p.steps.filter((s) => !s.instruction.startsWith('FROM')).map((s) => [s.instruction, s.status]));

test('plan → docker build → plan: all cached; edit b.txt → plan: exactly what the next real build rebuilds, b.txt named', async () => {
  const { dir, cache } = project();
  assert.equal(plan(dir, cache).steps.map((s) => s.status), ['rebuilt', 'rebuilt', 'rebuilt', 'rebuilt', 'rebuilt']);
  dockerBuild(dir);
  const second = plan(dir, cache);
  assert.equal(second.steps.map((s) => s.status), ['cached', 'cached', 'cached', 'cached', 'cached']);
  assert.match(second.engine ?? '', engine!.socket);
  writeFileSync(path.join(dir, 'b.txt'), 'edited\n');
  const third = plan(dir, cache);
  assert.equal(third.steps.map((s) => s.status), ['cached', 'cached', 'cached', 'rebuilt', 'rebuilt']);
  assert.equal(third.steps[3]!.reason?.kind, 'files-changed');
  assert.equal(third.steps[3]!.reason?.modified, ['b.txt']);
  assert.equal(byInstruction(third), dockerBuild(dir));
});

test('build → docker builder prune -af → plan: the steps are rebuilt with reason cache-pruned, as the real build does', async () => {
  const { dir, cache } = project();
  plan(dir, cache);
  dockerBuild(dir);
  assert.equal(plan(dir, cache).steps.map((s) => s.status), ['cached', 'cached', 'cached', 'cached', 'cached']);
  assert.is(engine!.docker(['builder', 'prune', '-af']).status, 0);
  const after = plan(dir, cache);
  assert.equal(after.steps.map((s) => s.reason?.kind ?? s.status), ['cached', 'cache-pruned', 'parent-rebuilt', 'parent-rebuilt', 'parent-rebuilt']);
  assert.is(after.steps[1]!.reason?.engine, engine!.env.DOCKER_HOST);
  assert.equal(after.engineCache?.kind, 'checked');
  assert.equal(byInstruction(after), dockerBuild(dir));
});

// The issue's `docker context create x` is refused by Docker 28.5: a context name has two characters at least.
test('docker context create lpx && docker context use lpx, DOCKER_HOST unset: the base image\'s layers come from that engine, named', async () => {
  const { dir, cache } = project();
  const cfg = mkdtempSync('/tmp/lp-engine-cfg-');
  const noHost = { DOCKER_HOST: '', DOCKER_CONFIG: cfg };
  assert.is(engine!.docker(['context', 'create', 'lpx', '--docker', `host=${engine!.env.DOCKER_HOST}`], noHost).status, 0);
  assert.is(engine!.docker(['context', 'use', 'lpx'], noHost).status, 0);
  const p = plan(dir, cache, { ...noHost, LAYERPLAN_DOCKER: engine!.env.LAYERPLAN_DOCKER ?? 'docker' });
  assert.is(p.bases[0]?.present, true);
  assert.ok((p.bases[0]?.layers ?? []).length > 0, 'the base layers are listed');
  assert.is(p.engine, `${engine!.env.DOCKER_HOST} (Docker context lpx)`);
});

t.run();
