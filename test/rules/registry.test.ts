import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RULES } from '../../src/rules/index.js';

const t = suite('rules/registry');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

t('ids are unique, in families, and each rule lives in a file named by its id', () => {
  const ids = RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const r of RULES) assert.match(r.id, /^LP[123]\d\d$/);
  const files = readdirSync(path.join(root, 'src/rules')).filter((f) => /^lp\d{3}-/.test(f));
  assert.equal(files.map((f) => f.slice(0, 5).toUpperCase()).sort(), [...ids].sort());
});

t('every rule has a docs entry in README.md and appears in a test', () => {
  const docs = readFileSync(path.join(root, 'README.md'), 'utf8');
  const tests = ['static-rules.test.ts', 'bust-rules.test.ts'].map((f) => readFileSync(path.join(root, 'test/rules', f), 'utf8')).join('\n');
  for (const r of [...RULES.map((x) => x.id), 'LP001']) {
    assert.ok(docs.includes(`### ${r}`), `${r} has no docs entry`);
    if (r !== 'LP001') assert.ok(tests.includes(r), `${r} has no test`);
  }
});

t.run();
