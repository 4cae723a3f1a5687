/** Shared-records fixtures for the tests: CI's records rewritten as another version or clone would have them. */
import * as assert from 'uvu/assert';
import { checkAgainstShared, type SharedCheckReport } from '../../src/app/check-shared.js';
import { readRecords, readSelections, recordsRef, writeRecords } from '../../src/git/records.js';

/** The records of `from` under another name, each record's body passed through `edit` (the selections as they are). */
export function copyRecords(dir: string, from: string, to: string, edit: (build: { run: Record<string, unknown> }) => void): void {
  const records = readRecords(dir, recordsRef(from)).map((r) => {
    const b = JSON.parse(r.body.toString('utf8')) as { run: Record<string, unknown> };
    edit(b);
    return { name: r.name, body: Buffer.from(`${JSON.stringify(b)}\n`) };
  });
  const digests = records.flatMap((r) => [...r.body.toString('utf8').matchAll(/"digest":"([0-9a-f]{16})"/g)].map((m) => m[1]!));
  writeRecords(dir, recordsRef(to), records, { selections: readSelections(dir, recordsRef(from), digests), now: new Date(), message: 'copied' });
}

/** The plain BuildKit log of a build that ran every step of `dockerfile` (one instruction a line, each `DONE`). */
export function fullBuildLog(dockerfile: string): string {
  const lines = dockerfile.split('\n').filter((l) => l.trim() !== '');
  return lines.map((l, i) => `#${i + 1} [${i + 1}/${lines.length}] ${i === 0 ? l.replace(/^FROM (\S+)/, 'FROM docker.io/library/$1') : l}\n#${i + 1} DONE ${(0.1 * (i + 1)).toFixed(1)}s\n`).join('\n');
}

/**
 * `check --staged --against NAME` in `dir`, in process, planned four ways: with the index side of a changed
 * recorded Dockerfile patched from the records where that applies (remembering the checks of the recorded
 * selections), again (from the checks remembered, the context not read), with the selections checked against
 * the index however much is remembered, and in full. Asserts the reports are the same but for which path
 * answered and what the blob digests cost, and that the second run answered every patched Dockerfile from
 * remembered checks; returns the first.
 */
export async function checkBothWays(dir: string, name: string): Promise<SharedCheckReport> {
  const opts = { cwd: dir, against: name, files: [], context: null, exclude: [], config: null, rules: new Map(), env: {}, arch: 'x64' };
  const fast = await checkAgainstShared(opts, name);
  const again = await checkAgainstShared(opts, name);
  const checked = await checkAgainstShared(opts, name, { remembered: false });
  const full = await checkAgainstShared(opts, name, { incremental: false });
  assert.equal(full.shared.patched, []);
  assert.equal(again.shared.patched, fast.shared.patched);
  assert.equal(checked.shared.patched, fast.shared.patched);
  assert.is(again.shared.selections.known, again.shared.patched.length, 'patched from remembered checks');
  assert.is(checked.shared.selections.known, 0);
  const answer = (r: SharedCheckReport): unknown => ({ ...r, shared: { ...r.shared, blobs: null, patched: null, selections: null } });
  assert.equal(answer(fast), answer(full), 'the patched and the full derivation give the same report');
  assert.equal(answer(again), answer(full), 'the patched from remembered checks and the full derivation give the same report');
  assert.equal(answer(checked), answer(full), 'the patched checked against the index and the full derivation give the same report');
  return fast;
}
