import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { planBuild } from '../../src/app/build.js';
import { cachedBy, planDockerfile } from '../../src/app/plan.js';
import { evictedKeys } from '../../src/app/cache-held.js';
import { importEngineBuild } from '../../src/app/engine-builds.js';
import { loadPlanInputs } from '../../src/app/load-inputs.js';
import { buildCacheOf, type BuildCacheRecord, type RunDocker } from '../../src/engine/index.js';
import { openStore } from '../../src/store/index.js';
import { hostPlatform, normalizePlatform } from '../../src/graph/platform.js';
import type { MissReason, PlannedStep } from '../../src/plan/index.js';
import { reasonLine } from '../../src/views/reason-text.js';

// Docker 28.5's answers (test/fixtures/buildx-history): the build ynd7… of a three-step project, the engine's
// /system/df build-cache records after it (and two later builds of the same project), and after `docker builder prune -af`.
const t = suite('app/cache-held');
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/buildx-history');
const FIRST = 'ynd7yi34x73xcj2lawlqkv02q';
const RECORDED_START = '2026-12-01T10:28:48.218203047Z';
const DOCKERFILE = 'FROM busybox:local\nCOPY a.txt /a.txt\nRUN echo meuniq-$(cat /a.txt) > /b\n';
const ENGINE = 'unix:///tmp/d28/docker.sock';
/** A rebuilt step's reason; null for any other. */
const reasonOf = (s: PlannedStep | undefined): MissReason | null => (s?.status === 'rebuilt' ? s.reason : null);
const host = { cwd: '/', env: {}, arch: 'x64', now: () => new Date(), pid: 1 };

/** The recorded build, moved to start after the project's files are written (file times are compared with it; the tests may run slowly). */
const START = new Date(Date.now() + 10 * 60_000);
const shift = (iso: string): string => new Date(Date.parse(iso) - Date.parse(RECORDED_START) + START.getTime()).toISOString();
const replay: RunDocker = async (args) => {
  const file = args[2] === 'inspect' ? `inspect-${args[3]}.json` : `logs-${args[3]}.txt`;
  return { code: 0, stdout: readFileSync(path.join(fixtures, file), 'utf8').replace(/"(StartedAt|CompletedAt)": "([^"]+)"/g, (_, k: string, v: string) => `"${k}": "${shift(v)}"`), stderr: '' };
};
const df = (name: string): BuildCacheRecord[] => buildCacheOf(JSON.parse(readFileSync(path.join(fixtures, name), 'utf8'))).map((r) => ({ ...r, createdAt: shift(r.createdAt) }));

/** A project whose engine build (the recorded one) is imported: the store holds all three keys as a real build. */
async function built() {
  const root = mkdtempSync(path.join(tmpdir(), 'lp-cache-held-'));
  const ctx = path.join(root, 'p1');
  mkdirSync(ctx);
  writeFileSync(path.join(ctx, 'Dockerfile'), DOCKERFILE);
  writeFileSync(path.join(ctx, 'a.txt'), 'hello1\n');
  const refs = path.join(root, 'cfg', 'buildx', 'refs', 'default', 'default');
  mkdirSync(refs, { recursive: true });
  writeFileSync(path.join(refs, FIRST), JSON.stringify({ LocalPath: ctx, DockerfilePath: '' }));
  const req = { contextDir: ctx, dockerfile: path.join(ctx, 'Dockerfile'), builder: 'buildkit' as const, target: null, buildArgs: new Map<string, string>(), storeDir: path.join(root, 'store'), baseIds: new Map<string, string>() };
  const first = await planBuild({ ...req, record: null }, host);
  const imported = await importEngineBuild(cachedBy(first.outcome), first.store, { ...req, env: { DOCKER_CONFIG: path.join(root, 'cfg') }, run: replay });
  assert.equal(imported.kind, 'imported');
  const store = openStore(req.storeDir);
  const inputs = await loadPlanInputs(req, host);
  const plan = (evicted?: ReadonlyMap<string, { builtAt: string; engine: string }>) => cachedBy(planDockerfile({ ...req, ...inputs, platform: normalizePlatform(hostPlatform('x64')), store: store.view, ...(evicted ? { evicted } : {}) }));
  return { store, plan };
}

t('every layer the build made is in the engine\'s cache: nothing is called pruned', async () => {
  const { store, plan } = await built();
  assert.equal(plan().steps.map((s) => s.status), ['cached', 'cached', 'cached']);
  assert.equal(evictedKeys(plan(), store.runs, df('system-df-build-cache.json'), ENGINE).size, 0);
});

t('after docker builder prune -af: the COPY and RUN layers are gone, rebuilt with cache-pruned and the build named', async () => {
  const { store, plan } = await built();
  const evicted = evictedKeys(plan(), store.runs, df('system-df-build-cache-pruned.json'), ENGINE);
  assert.equal([...evicted.values()], [{ builtAt: START.toISOString(), engine: ENGINE }, { builtAt: START.toISOString(), engine: ENGINE }]);
  const after = plan(evicted);
  assert.equal(after.steps.map((s) => s.status), ['cached', 'rebuilt', 'rebuilt']);
  assert.equal(reasonOf(after.steps[1]), { kind: 'cache-pruned', builtAt: START.toISOString(), engine: ENGINE });
  assert.equal(reasonOf(after.steps[2])?.kind, 'parent-rebuilt');
  assert.match(reasonLine(reasonOf(after.steps[1])!), /^cache pruned: the layer built on \d{4}-\d\d-\d\d \d\d:\d\d UTC is gone from unix:\/\/\/tmp\/d28\/docker.sock's build cache$/);
});

t('a record of the same step made after the build (a later build of the same text) is not its layer', async () => {
  const { store, plan } = await built();
  const end = START.getTime() + 60_000;
  const later = df('system-df-build-cache.json').filter((r) => Date.parse(r.createdAt) > end);
  assert.ok(later.some((r) => r.description === '[2/3] COPY a.txt /a.txt'), 'the fixture holds a later record of the COPY');
  assert.equal(evictedKeys(plan(), store.runs, later, ENGINE).size, 2);
});

t('only the RUN layer collected: the COPY stays cached, the RUN is pruned', async () => {
  const { store, plan } = await built();
  const noRun = df('system-df-build-cache.json').filter((r) => !r.description.startsWith('mount / from exec /bin/sh -c echo meuniq-$(cat /a.txt) > /b'));
  const evicted = evictedKeys(plan(), store.runs, noRun, ENGINE);
  assert.equal(plan(evicted).steps.map((s) => reasonOf(s)?.kind ?? s.status), ['cached', 'cached', 'cache-pruned']);
});

t.run();
