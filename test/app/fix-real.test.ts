/**
 * `layerplan fix` on real repositories' Dockerfiles (test/conformance/fixtures/fix-real/, with their source and
 * licence in each case.json, the files read from local git copies): the rewrite is the one recorded (its sha256 in case.json), it plans, LP101 no longer fires, and it
 * keeps every instruction. That the images are the same is shown by real builds in
 * test/conformance/fix-real-repos.test.ts. LAYERPLAN_WRITE_FIXTURES=1 records the hashes anew; a case with no git copy is skipped.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { layerplan } from '../_helpers/cli.js';
import { fixHash, fixRealCases, fixRealMissing, layOut, recordedFix, recordFix, type FixRealCase } from '../_helpers/fix-real-cases.js';
import { unless } from '../_helpers/skip.js';

const t = suite('app/fix-real');
const write = process.env.LAYERPLAN_WRITE_FIXTURES === '1';

/** Instructions as a sorted multiset of lines: a reorder plus the manifests COPY changes nothing else. */
const instructions = (text: string): string[] => text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).sort();

for (const c of fixRealCases()) {
  unless(t, 'app/fix-real', fixRealMissing(c))(`${c.name} (${c.repository}@${c.commit.slice(0, 8)} ${c.context}): fix --write gives the recorded rewrite, which plans and keeps every instruction`, () => {
    const { root, context } = layOut(c);
    try {
      checkCase(c, root, context);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
}

function checkCase(c: FixRealCase, root: string, context: string): void {
  const rel = (f: string): string => path.posix.join(c.context, f);
  const before = Object.fromEntries(c.dockerfiles.map((f) => [f, readFileSync(path.join(context, f), 'utf8')]));
  const lint = JSON.parse(layerplan(['lint', '--json'], { cwd: root }).stdout) as { findings: { ruleId: string; dockerfile: string; fix: string }[] };
  const promised = lint.findings.filter((f) => f.ruleId === 'LP101' && f.fix.includes('`layerplan fix` rewrites it'));
  assert.equal(promised.map((f) => f.dockerfile).sort(), c.dockerfiles.map(rel).sort(), 'LP101 promises a rewrite of each Dockerfile');
  const r = layerplan(['fix', '--write'], { cwd: root });
  assert.is(r.status, 0, r.stderr);
  for (const file of [...c.dockerfiles, '.dockerignore']) {
    const after = existsSync(path.join(context, file)) ? readFileSync(path.join(context, file), 'utf8') : null;
    if (write && after !== null) recordFix(c, file, after);
    assert.is(after === null ? null : fixHash(after), recordedFix(c, file), `${c.name}/${file}: not what was recorded (LAYERPLAN_WRITE_FIXTURES=1 records it)`);
  }
  for (const file of c.dockerfiles) {
    const after = readFileSync(path.join(context, file), 'utf8');
    const added = instructions(after).filter((l) => !instructions(before[file] ?? '').includes(l));
    assert.equal(instructions(before[file] ?? '').filter((l) => !instructions(after).includes(l)), [], `${file}: an instruction was lost`);
    assert.ok(added.length === 1 && /^COPY /.test(added[0] ?? ''), `${file}: more than the manifests COPY was added: ${added.join(' | ')}`);
    const plan = layerplan(['build', '.', '-f', file, '--json', '--no-tui'], { cwd: context });
    assert.is(plan.status, 0, `${file} does not plan: ${plan.stderr}`);
  }
  const again = JSON.parse(layerplan(['lint', '--json'], { cwd: root }).stdout) as { findings: { ruleId: string }[] };
  assert.equal(again.findings.filter((f) => f.ruleId === 'LP101'), [], 'LP101 still fires after the rewrite');
}

t.run();
