import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { FileChange } from '../../../src/image/layer-changes.js';
import { changeTree } from '../../../src/views/tui/file-tree.js';

const t = suite('views/tui/file-tree');
const file = (path: string, kind: FileChange['kind'], size: number, extra: Partial<FileChange> = {}): FileChange => ({ path, kind, type: 'file', size, ...extra });
const show = (lines: ReturnType<typeof changeTree>) => lines.map((l) => `${'  '.repeat(l.depth)}${l.mark} ${l.name} ${l.size}${l.wasted ? ' wasted' : ''}${l.opaque ? ' opaque' : ''}`);

t('nested by directory, names sorted, a directory’s size the sum below it', () => {
  const tree = changeTree([file('usr/bin/b', 'added', 20), file('usr/bin/a', 'modified', 5), file('etc/conf', 'added', 1)], new Set());
  assert.equal(show(tree), ['parent etc/ 1', '  added conf 1', 'parent usr/bin/ 25', '  modified a 5', '  added b 20']);
});

t('a chain of unchanged directories each holding one directory is one line; a changed directory is not folded', () => {
  const tree = changeTree([file('usr/local/lib/node/x.js', 'added', 3), { path: 'app', kind: 'added', type: 'directory', size: 0 }, file('app/main', 'added', 2)], new Set());
  assert.equal(show(tree), ['added app/ 2', '  added main 2', 'parent usr/local/lib/node/ 3', '  added x.js 3']);
});

t('whiteouts are deletions (with the bytes they hide); an opaque directory says so; wasted paths are marked', () => {
  const tree = changeTree([file('data/junk.bin', 'deleted', 2000), { path: 'data/cache', kind: 'deleted', type: 'directory', size: 1000, opaque: true }, file('data/big.txt', 'added', 3100)], new Set(['data/big.txt']));
  assert.equal(show(tree), ['parent data/ 6100', '  added big.txt 3100 wasted', '  deleted cache/ 1000 opaque', '  deleted junk.bin 2000']);
});

t.run();
