import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readDir, readDirKinds } from '../../src/context/read-dir.js';
import { errorCode } from '../../src/lang/error-code.js';

const t = suite('context/read-dir');

const withDir = (fn: (dir: string) => void) => () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-readdir-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

function fill(dir: string): void {
  writeFileSync(path.join(dir, 'b.txt'), 'b');
  writeFileSync(path.join(dir, 'A.txt'), 'a');
  mkdirSync(path.join(dir, 'sub'));
  symlinkSync('b.txt', path.join(dir, 'link'));
  execFileSync('mkfifo', [path.join(dir, 'fifo')]);
}

const plain = (l: { names: string[]; kinds: Map<string, string> }) => ({ names: l.names, kinds: Object.fromEntries([...l.kinds].sort()) });

t('names come sorted by code unit, with the kind of every name that is not a regular file', withDir((dir) => {
  fill(dir);
  assert.equal(plain(readDir(dir)), { names: ['A.txt', 'b.txt', 'fifo', 'link', 'sub'], kinds: { fifo: 'other', link: 'symlink', sub: 'dir' } });
}));

t("the binding's listing and its errors are readdirSync's", withDir((dir) => {
  fill(dir);
  const { fs, binding } = readDirKinds();
  if (binding === null) {
    console.log('  (this Node has no fs binding readdir: readdirSync only)');
    return;
  }
  assert.equal(plain(binding(dir)), plain(fs(dir)));
  for (const bad of [path.join(dir, 'missing'), path.join(dir, 'b.txt')]) {
    const codes = [fs, binding].map((list) => {
      try {
        list(bad);
        return 'listed';
      } catch (err) {
        return errorCode(err);
      }
    });
    assert.equal(codes[1], codes[0], bad);
    assert.ok(codes[0] === 'ENOENT' || codes[0] === 'ENOTDIR');
  }
}));

t.run();
