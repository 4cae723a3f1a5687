import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadPlanInputs, type PlanInputsRead } from '../../src/app/load-inputs.js';
import { planDockerfile, type PlanOutcome } from '../../src/app/plan.js';
import { writeSelectionMemo } from '../../src/context/selection-memo.js';
import { openStore } from '../../src/store/index.js';

const t = suite('app/memo-view');
const host = { cwd: '/', env: {}, arch: 'x64', now: () => new Date(), pid: 1 };
const DOCKERFILE = 'FROM busybox:local\nCOPY src ./src\nCOPY *.json ./\nCOPY . .\nRUN --mount=type=bind,source=sub,target=/s true\n';

interface Project {
  readonly root: string;
  readonly ctx: string;
  readonly req: Parameters<typeof loadPlanInputs>[0];
}

function project(): Project {
  const root = mkdtempSync(path.join(tmpdir(), 'lp-memo-'));
  const ctx = path.join(root, 'ctx');
  // The Dockerfile and its ignore file outside the context: a change to either is no change of a context file.
  writeFileSync(path.join(root, 'Dockerfile'), DOCKERFILE);
  writeFileSync(path.join(root, 'Dockerfile.dockerignore'), 'ignored\n');
  const files: Record<string, string> = { 'package.json': '{}', 'src/a.js': 'a', 'src/b.js': 'b', 'sub/c.txt': 'c', 'ignored/x': 'x' };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(ctx, rel)), { recursive: true });
    writeFileSync(path.join(ctx, rel), text);
  }
  symlinkSync('src/a.js', path.join(ctx, 'link'));
  const req = { contextDir: ctx, dockerfile: path.join(root, 'Dockerfile'), builder: 'buildkit' as const, target: null, buildArgs: new Map<string, string>(), storeDir: path.join(root, 'store'), baseIds: new Map<string, string>() };
  return { root, ctx, req };
}

/** The stat cache's rows count as written long after the files changed (else the racy guard distrusts every file just written). */
function trustStatCache(p: Project): void {
  const dir = path.join(p.req.storeDir, 'stat');
  const later = new Date(Date.now() + 60_000);
  for (const f of readdirSync(dir)) if (f.startsWith('context-')) utimesSync(path.join(dir, f), later, later);
}

const plan = (p: Project, inputs: PlanInputsRead, withMemo: boolean): PlanOutcome =>
  planDockerfile({ ...p.req, ...inputs, store: openStore(p.req.storeDir).view, ...(withMemo ? {} : { selections: undefined }) });

/** As plain data: every getter read (a remembered selection's files too). */
const data = (o: PlanOutcome): unknown => JSON.parse(JSON.stringify(o));

/** Loads and plans as `build` does (memo read, used, written back); returns what the memo knew and both plans as data. */
async function replan(p: Project) {
  const inputs = await loadPlanInputs(p.req, host);
  const known = inputs.selections.known.size;
  const memo = data(plan(p, inputs, true));
  writeSelectionMemo(inputs.selections);
  return { known, memo, full: data(plan(p, inputs, false)) };
}

/** A project planned once (the memo written) with its stat cache trusted, then re-planned after `change`. */
async function afterChange(change: (p: Project) => void) {
  const p = project();
  try {
    const first = await replan(p);
    trustStatCache(p);
    const warm = await replan(p);
    change(p);
    const changed = await replan(p);
    return { first, warm, changed };
  } finally {
    rmSync(p.root, { recursive: true, force: true });
  }
}

t('an unchanged snapshot is answered from the memo, with the plan the full derivation gives (files read lazily included)', async () => {
  const { first, warm } = await afterChange(() => undefined);
  assert.is(first.known, 0, 'the first run knows nothing');
  assert.is(warm.known, 4, 'each of the four sources remembered');
  assert.equal(warm.memo, warm.full);
  assert.equal(warm.full, first.full, 'the same snapshot plans the same');
});

t('an unchanged re-plan answered from the memo reads none of the snapshot\'s entries (a one-file COPY\'s files remembered too)', async () => {
  const p = project();
  try {
    await replan(p);
    trustStatCache(p);
    await replan(p);
    const inputs = await loadPlanInputs(p.req, host);
    const ctx = inputs.context;
    let reads = 0;
    const counted = Object.defineProperties({}, {
      root: { value: ctx.root },
      ignoreFile: { value: ctx.ignoreFile },
      identity: { value: ctx.identity },
      entries: { get: () => (reads++, ctx.entries) },
    }) as typeof ctx;
    const outcome = planDockerfile({ ...p.req, ...inputs, context: counted, store: openStore(p.req.storeDir).view });
    assert.is(outcome.kind, 'planned');
    assert.is(reads, 0);
    assert.equal(data(outcome), data(plan(p, inputs, false)), 'the plan the full derivation gives');
  } finally {
    rmSync(p.root, { recursive: true, force: true });
  }
});

const changes: Record<string, (p: Project) => void> = {
  'a changed file': (p) => writeFileSync(path.join(p.ctx, 'src/b.js'), 'B'),
  'an added file': (p) => writeFileSync(path.join(p.ctx, 'src/new.js'), 'n'),
  'a removed file': (p) => unlinkSync(path.join(p.ctx, 'sub/c.txt')),
  'a changed ignore file': (p) => writeFileSync(path.join(p.root, 'Dockerfile.dockerignore'), 'ignored\n*.json\n'),
  'a changed Dockerfile': (p) => writeFileSync(path.join(p.root, 'Dockerfile'), `${DOCKERFILE}COPY sub /sub\n`),
  'an added empty directory': (p) => mkdirSync(path.join(p.ctx, 'src/empty')),
  'a retargeted symlink': (p) => {
    unlinkSync(path.join(p.ctx, 'link'));
    symlinkSync('src/b.js', path.join(p.ctx, 'link'));
  },
  "a directory's mode": (p) => chmodSync(path.join(p.ctx, 'sub'), 0o700),
};

for (const [what, change] of Object.entries(changes)) {
  t(`${what}: nothing is answered from the memo, and the plan is the full derivation's`, async () => {
    const { warm, changed } = await afterChange(change);
    assert.is(warm.known, 4);
    assert.is(changed.known, 0);
    assert.equal(changed.memo, changed.full);
  });
}

t('a changed file is seen (the plan moves), not hidden by the memo', async () => {
  const { warm, changed } = await afterChange(changes['a changed file'] as (p: Project) => void);
  assert.not.equal(changed.full, warm.full);
});

t.run();
