import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { blobDigests } from '../../src/git/blob-digests.js';
import { hashFileSync, xxhashApi } from '../../src/context/hash.js';
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
  const x = await xxhashApi();
  const buffer = Buffer.alloc(1 << 20);
  for (const [file, oid] of oids) assert.is(first.digests.get(oid), hashFileSync(x, path.join(repo, file), buffer).digest, file);
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

t.run();
