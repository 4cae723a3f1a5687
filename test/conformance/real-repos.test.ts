/**
 * The rules on real repositories' histories (npm run test:conformance only): the last 30 commits of each
 * repository below, staged one by one on their parent, go through `check --staged --strict`
 * (scripts/replay-history.mjs). Every finding was reviewed by hand when these counts were pinned (see
 * test/conformance/FINDINGS.md, "Real repositories"); a new or lost finding fails here until it is reviewed
 * again. Every fix a finding promises must apply with `fix --write`, plan, and leave the instructions intact.
 * The clones come from LAYERPLAN_REAL_REPOS (default /tmp/lint-real: `git clone` of each, at the commit
 * named); a missing one is skipped and says so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../_helpers/cli.js';
import { unless } from '../_helpers/skip.js';

const s = suite('conformance/real-repos');
const ROOT = process.env.LAYERPLAN_REAL_REPOS ?? '/tmp/lint-real';

interface Expected {
  readonly name: string;
  /** The newest commit replayed (the clone's HEAD must be it, or the counts mean nothing). */
  readonly head: string;
  /** Findings of `check --staged --strict` over the 30 commits, per rule. */
  readonly findings: Readonly<Record<string, number>>;
  /** Commits refused under --strict. */
  readonly refused: number;
  /** `lint` at the newest commit, per rule. */
  readonly lint: Readonly<Record<string, number>>;
}

const REPOS: readonly Expected[] = [
  // The case: a spec edit rebuilds yarn install and the zip in other stages; nothing to move.
  { name: 'getting-started', head: 'bb1aed919a', findings: {}, refused: 0, lint: {} },
  // result/Dockerfile: ADD of tini's release URL without --checksum, on the 2 commits that touch result/.
  { name: 'example-voting-app', head: '63e9150ca1', findings: { LP302: 2 }, refused: 0, lint: {} },
  // ARG PRISMA_VERSION bumped: the RUN apk add/npm install -g pnpm below it is rebuilt without using it.
  { name: 'umami', head: 'c0ea3aefb', findings: { LP111: 2 }, refused: 2, lint: {} },
  // A yarn workspace with COPY . . before a bare `yarn --frozen-lockfile`: every source edit reruns the install
  // (LP110, a real bust, refused under --strict); the fix is by hand (the workspace manifests), never a rewrite.
  { name: 'excalidraw', head: '4872083c04', findings: { LP110: 30 }, refused: 30, lint: { LP101: 1 } },
  // hack/demo-env/examples/simple1: FROM alpine (no tag); vendor/ Dockerfiles are not the repository's.
  { name: 'buildx', head: '461836ba0f', findings: {}, refused: 0, lint: { LP301: 1 } },
];

for (const repo of REPOS) {
  const dir = path.join(ROOT, repo.name);
  const head = existsSync(dir) ? spawnSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).stdout.trim() : '';
  const missing = !existsSync(dir) ? `no clone of ${repo.name} under ${ROOT} (set LAYERPLAN_REAL_REPOS)` : !head.startsWith(repo.head) ? `${dir} is at ${head.slice(0, 10)}, not ${repo.head}` : null;
  unless(s, 'conformance/real-repos', missing)(`${repo.name}: the last 30 commits through check --strict give the reviewed findings, and every promised fix applies and plans`, () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'replay-history.mjs'), dir, '30'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.is(r.status, 0, r.stderr);
    const summary = JSON.parse(r.stdout.slice(r.stdout.lastIndexOf('\n{\n') + 1)) as { errors: string[]; fixProblems: string[]; fixesPromised: number; fixesChecked: number; findings: Record<string, number>; refused: number; lint: Record<string, number> };
    assert.equal(summary.errors, []);
    assert.equal(summary.fixProblems, []);
    assert.is(summary.fixesChecked, summary.fixesPromised);
    assert.equal(summary.findings, repo.findings, r.stdout);
    assert.is(summary.refused, repo.refused);
    assert.equal(summary.lint, repo.lint);
  });
}

s.run();
