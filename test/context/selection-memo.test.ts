import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readSelectionMemo, writeSelectionMemo } from '../../src/context/selection-memo.js';

const t = suite('context/selection-memo');
const hash = (s: string): string => Buffer.from(s).toString('hex').slice(0, 16);

const withDir = (fn: (dir: string) => void) => () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-selmemo-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

t('answers learnt under one identity are known under it only; later ones are added to them', withDir((dir) => {
  const memo = readSelectionMemo(dir, '/ctx', '/Dockerfile', 'gen1:shape:df', hash);
  assert.is(memo.known.size, 0);
  memo.learned.set('buildkit\0*\0.', { digest: 'aaaa', count: 3 });
  writeSelectionMemo(memo);
  assert.equal(readSelectionMemo(dir, '/ctx', '/Dockerfile', 'gen1:shape:df', hash).known.get('buildkit\0*\0.'), { digest: 'aaaa', count: 3 });
  assert.is(readSelectionMemo(dir, '/ctx', '/Dockerfile', 'gen2:shape:df', hash).known.size, 0, 'another identity');
  assert.is(readSelectionMemo(dir, '/ctx', '/other/Dockerfile', 'gen1:shape:df', hash).known.size, 0, 'another Dockerfile keeps its own');
  const again = readSelectionMemo(dir, '/ctx', '/Dockerfile', 'gen1:shape:df', hash);
  again.learned.set('buildkit\0*\0src', { digest: 'bbbb', count: 1 });
  writeSelectionMemo(again);
  assert.equal([...readSelectionMemo(dir, '/ctx', '/Dockerfile', 'gen1:shape:df', hash).known.keys()], ['buildkit\0*\0.', 'buildkit\0*\0src']);
}));

t('a selection of one entry is remembered with its fingerprints; fingerprints that do not match the count are not trusted', withDir((dir) => {
  const memo = readSelectionMemo(dir, '/ctx', '/Dockerfile', 'u', hash);
  memo.learned.set('one', { digest: 'aaaa', count: 1, files: { 'package.json': 'f:644:0123456789abcdef' } });
  memo.learned.set('bad', { digest: 'bbbb', count: 2, files: { 'a.txt': 'f:644:0123456789abcdef' } });
  writeSelectionMemo(memo);
  const known = readSelectionMemo(dir, '/ctx', '/Dockerfile', 'u', hash).known;
  assert.equal(known.get('one'), { digest: 'aaaa', count: 1, files: { 'package.json': 'f:644:0123456789abcdef' } });
  assert.equal(known.get('bad'), { digest: 'bbbb', count: 2 });
}));

t('a corrupt or version-1 memo knows nothing; a run that learnt nothing new writes nothing', withDir((dir) => {
  const memo = readSelectionMemo(dir, '/ctx', '/Dockerfile', 'u', hash);
  writeSelectionMemo(memo);
  assert.equal(readdirSync(dir), []);
  writeFileSync(memo.file as string, '{"version":2,"under":"u","answers":[["x"');
  assert.is(readSelectionMemo(dir, '/ctx', '/Dockerfile', 'u', hash).known.size, 0);
  writeFileSync(memo.file as string, '{"version":1,"under":"u","answers":[["x","aaaa",1]]}');
  assert.is(readSelectionMemo(dir, '/ctx', '/Dockerfile', 'u', hash).known.size, 0, 'a version-1 memo is not read');
}));

t.run();
