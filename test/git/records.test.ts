import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyPolicy, readRecords, readSelections, recordName, recordsRef, writeRecords, type StoredRecord } from '../../src/git/records.js';
import { pulledAt, pullRecords, pushRecords } from '../../src/git/records-remote.js';
import { commitAll, git, tempRepo, write } from './_helpers/git-repo.js';

const now = new Date('2026-12-01T12:00:00Z');
const rec = (time: string, text: string): StoredRecord => {
  const body = Buffer.from(JSON.stringify({ time, text }));
  return { name: recordName(time, body), body };
};
const texts = (repo: string, name = 'ci') => readRecords(repo, recordsRef(name)).map((r) => (JSON.parse(r.body.toString()) as { text: string }).text);

/** A bare remote and `n` clones of one repository with a commit. */
function cluster(n: number): { remote: string; clones: string[] } {
  const base = mkdtempSync(path.join(tmpdir(), 'lp-rec-'));
  const remote = path.join(base, 'remote.git');
  git(base, 'init', '-q', '--bare', remote);
  const seed = tempRepo({ 'README.md': 'x\n' });
  commitAll(seed);
  git(seed, 'push', '-q', remote, 'main');
  const clones = Array.from({ length: n }, (_, i) => {
    const dir = path.join(base, `clone${i}`);
    git(base, 'clone', '-q', remote, dir);
    return dir;
  });
  return { remote, clones };
}

test('records live under refs/layerplan/<name>, named by time and content, oldest first', () => {
  const repo = tempRepo();
  writeRecords(repo, recordsRef('ci'), [rec('2026-12-01T10:00:00.123Z', 'b'), rec('2026-11-30T10:00:00Z', 'a')], { now, message: 'm' });
  assert.equal(texts(repo), ['a', 'b']);
  assert.match(readRecords(repo, recordsRef('ci'))[1]!.name, /^20261201T100000Z-[0-9a-f]{20}\.json$/);
  const again = writeRecords(repo, recordsRef('ci'), [rec('2026-11-30T10:00:00Z', 'a')], { now, message: 'm' });
  assert.is(again, git(repo, 'rev-parse', 'refs/layerplan/ci').trim(), 'the same record twice changes nothing');
  assert.equal(git(repo, 'status', '--porcelain'), '', 'the work tree and index are untouched');
  assert.throws(() => recordsRef('../x'), /not a usable cache name/);
});

test('the age policy keeps the newest count and drops records older than maxAgeSeconds', () => {
  const names = ['20261101T000000Z-a.json', '20261125T000000Z-b.json', '20261130T000000Z-c.json', '20261201T000000Z-d.json'];
  assert.equal(applyPolicy(names, { count: 2 }, now), names.slice(2));
  assert.equal(applyPolicy(names, { maxAgeSeconds: 7 * 86_400 }, now), names.slice(1));
  assert.equal(applyPolicy(names, undefined, now), names);
});

test('push then pull: the other clone reads the records and notes when it pulled', () => {
  const { remote, clones: [a, b] } = cluster(2);
  writeRecords(a!, recordsRef('ci'), [rec('2026-12-01T10:00:00Z', 'from-a')], { now, message: 'm' });
  assert.is(pushRecords(a!, 'origin', 'ci', { now }).attempts, 1);
  assert.equal(pullRecords(b!, 'origin', { now }), ['ci']);
  assert.equal(texts(b!), ['from-a']);
  assert.equal(pulledAt(b!), { ci: now.toISOString() });
  assert.match(git(remote, 'for-each-ref', 'refs/layerplan/'), /refs\/layerplan\/ci/);
});

test('a push rejected because another clone pushed first merges both record sets and retries', () => {
  const { clones: [a, b] } = cluster(2);
  writeRecords(a!, recordsRef('ci'), [rec('2026-12-01T10:00:00Z', 'a1')], { now, message: 'm' });
  writeRecords(b!, recordsRef('ci'), [rec('2026-12-01T10:00:01Z', 'b1')], { now, message: 'm' });
  pushRecords(a!, 'origin', 'ci', { now });
  const second = pushRecords(b!, 'origin', 'ci', { now });
  assert.is(second.attempts, 2);
  pullRecords(a!, 'origin', { now });
  assert.equal(texts(a!), ['a1', 'b1']);
});

test('selections are stored once beside the records, and go with the last record that used them', () => {
  const repo = tempRepo();
  const sel = (d: string) => ({ name: `${d}.json`, body: Buffer.from(JSON.stringify({ [`${d}.txt`]: `f:644:${d}` })) });
  const uses = (records: readonly StoredRecord[]) => new Set(records.map((r) => (JSON.parse(r.body.toString()) as { text: string }).text.split('+')[1]!));
  writeRecords(repo, recordsRef('ci'), [rec('2026-11-01T00:00:00Z', 'old+aaaa')], { now, message: 'm', selections: [sel('aaaa')], uses });
  writeRecords(repo, recordsRef('ci'), [rec('2026-11-30T00:00:00Z', 'new+bbbb')], { now, message: 'm', selections: [sel('aaaa'), sel('bbbb')], uses });
  assert.equal(git(repo, 'ls-tree', '-r', '--name-only', 'refs/layerplan/ci', 'selections/').trim().split('\n'), ['selections/aaaa.json', 'selections/bbbb.json'], 'aaaa once, though both writes brought it');
  assert.equal(readSelections(repo, recordsRef('ci'), ['bbbb', 'cccc']).map((s) => s.body.toString()), ['{"bbbb.txt":"f:644:bbbb"}']);
  writeRecords(repo, recordsRef('ci'), [], { now, message: 'm', policy: { maxAgeSeconds: 7 * 86_400 }, uses });
  assert.equal(texts(repo), ['new+bbbb']);
  assert.equal(git(repo, 'ls-tree', '-r', '--name-only', 'refs/layerplan/ci', 'selections/').trim(), 'selections/bbbb.json', 'the aged-out record took its selection along');
});

test('two clones pushing at once, several times each: every record survives', async () => {
  const { clones } = cluster(3);
  const script = fileURLToPath(new URL('./_helpers/push-records.js', import.meta.url));
  const runs = clones.slice(0, 2).map((dir, i) => new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [script, dir, `c${i}`, '5'], { stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  }));
  assert.equal(await Promise.all(runs), [0, 0]);
  pullRecords(clones[2]!, 'origin', { now });
  assert.equal(texts(clones[2]!).sort(), ['c0-0', 'c0-1', 'c0-2', 'c0-3', 'c0-4', 'c1-0', 'c1-1', 'c1-2', 'c1-3', 'c1-4']);
});

test('records survive git gc and reach a shallow clone through the refs/layerplan/* refspec', () => {
  const { remote, clones: [a] } = cluster(1);
  writeRecords(a!, recordsRef('ci'), [rec('2026-12-01T10:00:00Z', 'kept')], { now, message: 'm' });
  pushRecords(a!, 'origin', 'ci', { now });
  git(remote, 'gc', '-q', '--prune=now');
  const shallow = path.join(path.dirname(remote), 'shallow');
  git(path.dirname(remote), 'clone', '-q', '--depth', '1', `file://${remote}`, shallow);
  git(shallow, 'fetch', '-q', 'origin', 'refs/layerplan/*:refs/layerplan/*');
  assert.equal(texts(shallow), ['kept']);
  write(shallow, 'x.txt', 'x');
  assert.equal(texts(shallow), ['kept']);
});

test.run();
