import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { planBuild as planBuildWith } from '../../src/app/build.js';
import { cachedBy } from '../../src/app/plan.js';
import { stepNote } from '../../src/plan/index.js';
import type { PlanRequest } from '../../src/app/load-inputs.js';
import { importEngineBuild, observePlan } from '../../src/app/engine-builds.js';
import type { RunDocker } from '../../src/engine/index.js';

// Docker 28.5's answers for two builds of one project (test/fixtures/buildx-history): the first build, then a.txt edited.
const t = suite('app/engine-builds');
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/buildx-history');
const FIRST = 'ynd7yi34x73xcj2lawlqkv02q';
const DOCKERFILE = 'FROM busybox:local\nCOPY a.txt /a.txt\nRUN echo meuniq-$(cat /a.txt) > /b\n';

/** The recorded answers, with the build's start moved to `startedAt` (file times are compared with it, and ctime cannot be set). */
const replayAt = (startedAt: Date): RunDocker => async (args) => {
  const id = args[3]!;
  const file = args[2] === 'inspect' ? `inspect-${id}.json` : `logs-${id}.txt`;
  const text = readFileSync(path.join(fixtures, file), 'utf8').replace('2026-12-01T10:28:48.218203047Z', startedAt.toISOString());
  return { code: 0, stdout: text, stderr: '' };
};
const later = () => new Date(Date.now() + 1000);
const earlier = () => new Date(Date.now() - 60_000);

/** A context, a store and a Docker config whose buildx notes say the first build ran from that context. */
function project(aTxt: string) {
  const root = mkdtempSync(path.join(tmpdir(), 'lp-engine-'));
  const ctx = path.join(root, 'p1');
  mkdirSync(ctx);
  writeFileSync(path.join(ctx, 'Dockerfile'), DOCKERFILE);
  writeFileSync(path.join(ctx, 'a.txt'), aTxt);
  const refs = path.join(root, 'cfg', 'buildx', 'refs', 'default', 'default');
  mkdirSync(refs, { recursive: true });
  writeFileSync(path.join(refs, FIRST), JSON.stringify({ Target: 'default', LocalPath: ctx, DockerfilePath: '' }));
  const req = { contextDir: ctx, dockerfile: path.join(ctx, 'Dockerfile'), builder: 'buildkit' as const, target: null, buildArgs: new Map<string, string>(), storeDir: path.join(root, 'store'), baseIds: new Map<string, string>() };
  return { req, env: { DOCKER_CONFIG: path.join(root, 'cfg') } };
}

const host = { cwd: '/', env: {}, arch: 'x64', now: () => new Date(), pid: 1 };
/** The plan and store as `layerplan build` makes them, recording nothing and asking no engine. */
async function planBuild(req: PlanRequest) {
  const built = await planBuildWith({ ...req, record: null }, host);
  return { ...built, plan: cachedBy(built.outcome) };
}
const statuses = async (req: PlanRequest) => (await planBuild(req)).plan.steps.map((s) => s.status);

t('a docker build layerplan did not run is learnt once: every step it made is cached in the next plan', async () => {
  const { req, env } = project('hello1\n');
  assert.equal(await statuses(req), ['rebuilt', 'rebuilt', 'rebuilt']);
  const { plan, store } = await planBuild(req);
  const start = later();
  const imported = await importEngineBuild(plan, store, { ...req, env, run: replayAt(start) });
  assert.equal(imported, { kind: 'imported', ref: `default/default/${FIRST}`, startedAt: start.toISOString(), held: 3, inferred: 0, unknown: 0 });
  const after = await planBuild(req);
  assert.equal(after.plan.steps.map((s) => s.status), ['cached', 'cached', 'cached']);
  assert.equal(after.basis, { kind: 'real-build', id: `engine-${FIRST}`, time: start.toISOString(), steps: 3, via: 'engine' });
  assert.equal(await importEngineBuild(after.plan, after.store, { ...req, env, run: replayAt(start) }), { kind: 'known' });
});

t('a file edited after the build started: what the build read comes from the plan made before it, and the edit is named', async () => {
  const { req, env } = project('hello1\n');
  const before = await planBuild(req);
  observePlan(before.plan, req, new Date(Date.now() - 120_000));
  const start = earlier();
  writeFileSync(path.join(req.contextDir, 'a.txt'), 'edited\n');
  const { plan, store } = await planBuild(req);
  const imported = await importEngineBuild(plan, store, { ...req, env, run: replayAt(start) });
  assert.equal(imported.kind === 'imported' && [imported.held, imported.inferred, imported.unknown], [3, 2, 0]);
  const next = (await planBuild(req)).plan;
  assert.equal(next.steps.map((s) => s.status), ['cached', 'rebuilt', 'rebuilt']);
  assert.equal(stepNote(next.steps[1]!), { kind: 'files-changed', added: [], removed: [], modified: ['a.txt'] });
});

t('without a plan made before the build, steps reading a file edited since are not counted as held', async () => {
  const { req, env } = project('hello1\n');
  const { plan, store } = await planBuild(req);
  const imported = await importEngineBuild(plan, store, { ...req, env, run: replayAt(earlier()) });
  assert.equal(imported.kind === 'imported' && [imported.held, imported.inferred, imported.unknown], [1, 0, 2]);
  assert.equal(await statuses(req), ['cached', 'rebuilt', 'rebuilt']);
});

t('a build with other build args is not compared with', async () => {
  const { req, env } = project('hello1\n');
  const { plan, store } = await planBuild({ ...req, buildArgs: new Map([['FOO', '1']]) });
  const imported = await importEngineBuild(plan, store, { ...req, buildArgs: new Map([['FOO', '1']]), env, run: replayAt(later()) });
  assert.equal(imported.kind, 'skipped');
  assert.match(imported.kind === 'skipped' ? imported.why : '', /build args "none", this plan "FOO=1"/);
});

t.run();
