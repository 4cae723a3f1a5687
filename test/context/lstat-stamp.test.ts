import { chmodSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fsBinding } from '../../src/context/fs-binding.js';
import { rawLstat, stampReader, type StampInto } from '../../src/context/lstat-stamp.js';

const t = suite('context/lstat-stamp');

const blank = (): StampInto => ({ size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0, mode: 0 });

t('the fs binding\'s lstat gives every stamp field as lstatSync does; dirs, symlinks and missing paths are no regular file', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'lp-lstat-'));
  try {
    writeFileSync(path.join(root, 'a.txt'), 'hello');
    chmodSync(path.join(root, 'a.txt'), 0o755);
    mkdirSync(path.join(root, 'dir'));
    symlinkSync('a.txt', path.join(root, 'link'));
    const raw = rawLstat(fsBinding(process));
    assert.ok(raw !== null, 'Node 20 has the binding');
    const fast = stampReader(lstatSync, raw);
    const plain = stampReader(lstatSync, null);
    for (const name of ['a.txt', 'dir', 'link', 'missing']) {
      const a = { ...blank(), mode: 1 };
      const b = { ...blank(), mode: 1 };
      const abs = path.join(root, name);
      assert.is(fast(abs, a), name === 'a.txt', name);
      assert.is(plain(abs, b), name === 'a.txt', name);
      if (name !== 'missing') assert.equal(a, b, name);
      else assert.equal([a.mode, b.mode], [0, 0], 'nothing there: mode 0');
    }
    const st = lstatSync(path.join(root, 'a.txt'));
    const a = blank();
    fast(path.join(root, 'a.txt'), a);
    assert.equal(a, { size: 5, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, mode: st.mode });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

t('a binding lstat that disagrees with lstatSync (another layout) is not used; nor is the binding under --pending-deprecation', () => {
  const shifted = () => new Float64Array(18).fill(1);
  const read = stampReader(lstatSync, shifted);
  const into = blank();
  assert.ok(read(import.meta.dirname, into) === false, 'a directory, as lstatSync says');
  assert.is(into.ino, lstatSync(import.meta.dirname).ino);
  assert.is(fsBinding({ execArgv: ['--pending-deprecation'], env: {} }), null);
  assert.is(fsBinding({ execArgv: [], env: { NODE_PENDING_DEPRECATION: '1' } }), null);
  assert.is(rawLstat(null), null);
});

t.run();
