import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RULES } from '../../src/rules/index.js';
import { toSarif } from '../../src/views/findings-sarif.js';

const t = suite('rules/registry');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

t('ids are unique, in families, and each rule lives in a file named by its id', () => {
  const ids = RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const r of RULES) assert.match(r.id, /^LP[123]\d\d$/);
  const files = readdirSync(path.join(root, 'src/rules')).filter((f) => /^lp\d{3}-/.test(f));
  assert.equal(files.map((f) => f.slice(0, 5).toUpperCase()).sort(), [...ids].sort());
});

t('every rule has its page docs/rules/LPxxx.md, listed in docs/rules/README.md, and appears in a test', () => {
  const index = readFileSync(path.join(root, 'docs/rules/README.md'), 'utf8');
  const tests = ['static-rules.test.ts', 'bust-rules.test.ts'].map((f) => readFileSync(path.join(root, 'test/rules', f), 'utf8')).join('\n');
  for (const r of [...RULES, { id: 'LP001', name: 'unplannable' }]) {
    const page = path.join(root, 'docs/rules', `${r.id}.md`);
    assert.ok(existsSync(page), `${r.id} has no page docs/rules/${r.id}.md`);
    assert.ok(readFileSync(page, 'utf8').startsWith(`# ${r.id}: ${r.name}\n`), `docs/rules/${r.id}.md does not start with "# ${r.id}: ${r.name}"`);
    assert.ok(index.includes(`| [${r.id}](${r.id}.md) | ${r.name} |`), `docs/rules/README.md does not list ${r.id}`);
    if (r.id !== 'LP001') assert.ok(tests.includes(r.id), `${r.id} has no test`);
  }
  const pages = readdirSync(path.join(root, 'docs/rules')).filter((f) => /^LP\d{3}\.md$/.test(f)).map((f) => f.slice(0, 5));
  assert.equal(pages.sort(), [...RULES.map((r) => r.id), 'LP001'].sort(), 'a page for a rule that does not exist');
});

t('SARIF helpUri of every rule is its docs/rules page on the default branch', () => {
  const sarif = toSarif([], RULES, '0') as { runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } } }[] };
  const described = sarif.runs[0]!.tool.driver.rules;
  assert.equal(described.map((r) => r.id).sort(), [...RULES.map((r) => r.id), 'LP001'].sort());
  for (const r of described) {
    assert.is(r.helpUri, `https://github.com/layerplan/layerplan/blob/main/docs/rules/${r.id}.md`);
    assert.ok(existsSync(path.join(root, r.helpUri.replace(/^.*\/blob\/main\//, ''))), `${r.helpUri} names no file in the repository`);
  }
});

t.run();
