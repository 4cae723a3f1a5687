import { execFileSync } from 'node:child_process';
import { constants, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bindingAgrees, readDir, readDirKinds } from '../../src/context/read-dir.js';
import { fsBinding } from '../../src/context/fs-binding.js';
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

type Raw = (path: string, encoding: 'utf8', withFileTypes: true) => [string[], number[]];

t('the binding is used only when it lists readdirSync\'s names, each of the kind its lstat gives (or unknown), and throws ENOENT for a missing path', withDir((dir) => {
  fill(dir);
  const binding = fsBinding(process);
  const readdir = binding?.readdir;
  if (typeof readdir !== 'function') {
    console.log('  (this Node has no fs binding readdir: readdirSync only)');
    return;
  }
  const real = readdir.bind(binding) as Raw;
  const { UV_DIRENT_FILE, UV_DIRENT_UNKNOWN } = constants as typeof constants & Record<'UV_DIRENT_FILE' | 'UV_DIRENT_UNKNOWN', number>;
  /** The real listing with its types (names and types of one listing) changed by `edit`. */
  const edited = (edit: (names: string[], types: number[]) => void): Raw => (p, e, w) => {
    const [names, types] = real(p, e, w);
    edit(names, types);
    return [names, types];
  };
  assert.ok(bindingAgrees(real, dir), 'the real binding');
  assert.ok(bindingAgrees(edited((_, types) => types.fill(UV_DIRENT_UNKNOWN)), dir), 'every type unknown (the walk lstats each)');
  assert.not.ok(bindingAgrees(edited((names, types) => { types[names.indexOf('sub')] = UV_DIRENT_FILE; }), dir), 'a folder said to be a file');
  assert.not.ok(bindingAgrees(edited((names, types) => { types[names.indexOf('b.txt')] = types[names.indexOf('sub')] as number; }), dir), 'a file said to be a folder');
  assert.not.ok(bindingAgrees(edited((names, types) => { names.pop(); types.pop(); }), dir), 'a name missing');
  assert.not.ok(bindingAgrees((p, e, w) => (p === dir ? real(p, e, w) : [[], []]), dir), 'a missing path listed as empty');
}));

t.run();
