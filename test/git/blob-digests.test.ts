import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { blobDigests, overCap } from '../../src/git/blob-digests.js';
import { fileHasher, hashFileSync } from '../../src/context/hash.js';
import { commitAll, git, tempRepo, write } from './_helpers/git-repo.js';

const t = suite('git/blob-digests');

t('a blob gets the digest the context hasher gives the file, hashed once and then read from the git dir', async () => {
  const big = randomBytes(3 * 1024 * 1024 + 17); // past the hasher's 1 MiB one-piece read, and git's pipe chunks
  const repo = tempRepo({ 'a.txt': 'a\n', 'empty': '', 'dir/b.txt': 'b\n' });
  write(repo, 'big.bin', big);
  commitAll(repo);
  const oids = new Map(git(repo, 'ls-files', '-s').trim().split('\n').map((l) => [l.split('\t')[1]!, l.split(' ')[1]!]));
  const gitDir = path.join(repo, '.git');
  const first = await blobDigests(repo, gitDir, oids.values());
  assert.equal(first.stats, { cached: 0, hashed: 4, bytes: big.length + 4 });
  const hasher = await fileHasher();
  for (const [file, oid] of oids) assert.is(first.digests.get(oid), hashFileSync(hasher, path.join(repo, file)).digest, file);
  const again = await blobDigests(repo, gitDir, oids.values());
  assert.equal(again.stats, { cached: 4, hashed: 0, bytes: 0 });
  assert.equal(again.digests, first.digests);
});

t('an unknown blob id is left out, not fatal', async () => {
  const repo = tempRepo({ 'a.txt': 'a\n' });
  commitAll(repo);
  const r = await blobDigests(repo, path.join(repo, '.git'), ['0123456789012345678901234567890123456789']);
  assert.is(r.digests.size, 0);
});

t('the cache is capped: past twice the blobs a run needs plus 10,000, it keeps those and as many of the newest others', async () => {
  const repo = tempRepo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
  commitAll(repo);
  const oids = git(repo, 'ls-files', '-s').trim().split('\n').map((l) => l.split(' ')[1]!);
  const gitDir = path.join(repo, '.git');
  const file = path.join(gitDir, 'layerplan', 'blob-xxh64');
  const old = Array.from({ length: 10_003 }, (_, i) => `${i.toString(16).padStart(40, '0')} ${'0'.repeat(16)}\n`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, old.join(''));
  const first = await blobDigests(repo, gitDir, oids);
  assert.equal(first.stats, { cached: 0, hashed: 2, bytes: 4 });
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.equal(lines.slice(0, 2), old.slice(-2).map((l) => l.trim()), 'the newest others, as many as the blobs needed');
  assert.equal(lines.slice(2).map((l) => l.split(' ')[0]), oids);
  const again = await blobDigests(repo, gitDir, oids);
  assert.equal(again.stats, { cached: 2, hashed: 0, bytes: 0 });
  assert.is(readFileSync(file, 'utf8').trim().split('\n').length, 4, 'under the cap: left alone');
  assert.ok(!overCap(50_000, 20_000) && overCap(50_001, 20_000));
});

t('a few edited blobs (prune: false) are looked up in the cache\'s text and appended, never pruning the others', async () => {
  const repo = tempRepo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
  commitAll(repo);
  const [a, b] = git(repo, 'ls-files', '-s').trim().split('\n').map((l) => l.split(' ')[1]!) as [string, string];
  const gitDir = path.join(repo, '.git');
  const file = path.join(gitDir, 'layerplan', 'blob-xxh64');
  const whole = await blobDigests(repo, gitDir, [a]);
  const others = Array.from({ length: 10_003 }, (_, i) => `${i.toString(16).padStart(40, '0')} ${'0'.repeat(16)}\n`);
  // A torn line for b (two writers at once) is not taken for its digest.
  writeFileSync(file, `${others.join('')}${readFileSync(file, 'utf8')}${b} 12\n`);
  const few = await blobDigests(repo, gitDir, [a, b], { prune: false });
  assert.equal(few.stats, { cached: 1, hashed: 1, bytes: 2 });
  assert.is(few.digests.get(a), whole.digests.get(a));
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.is(lines.length, 10_003 + 3, 'the others stay (a pruning run would keep 2 of them)');
  assert.is(lines.at(-1), `${b} ${few.digests.get(b)}`);
  assert.equal((await blobDigests(repo, gitDir, [b], { prune: false })).stats, { cached: 1, hashed: 0, bytes: 0 });
});

t.run();
