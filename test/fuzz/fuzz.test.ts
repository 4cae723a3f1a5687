import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadSeeds, makeCase, runCase, type Outcome } from './cases.js';

const t = suite('fuzz/short-run');

/** A short fixed run: a few hundred mutants of the corpus and the image fixtures. `npm run fuzz` runs long ones. */
const SEED = 14;
const COUNT = 200;

t(`${COUNT} seeded mutants: no internal error, no crash, every error with a location`, async () => {
  const seeds = loadSeeds(process.cwd());
  const base = mkdtempSync(path.join(tmpdir(), 'lp-fuzz-test-'));
  const failures: Outcome[] = [];
  const kinds = new Set<string>();
  try {
    for (let i = 0; i < COUNT; i++) {
      const dir = path.join(base, String(i));
      mkdirSync(dir);
      const outcome = await runCase(makeCase(SEED, i, seeds), dir);
      kinds.add(outcome.kind);
      if (outcome.problems.length) failures.push(outcome);
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
  const report = failures.map((f) => `case ${SEED}-${f.index} (${f.kind}: ${f.mutations.join(', ')}): ${f.problems.join('; ')}`).join('\n');
  assert.equal(report, '', 'replay one with: npm run fuzz -- --seed 14 --start N --count 1');
  assert.equal([...kinds].sort(), ['build', 'inspect', 'lint']);
});

t.run();
