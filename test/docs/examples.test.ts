/**
 * Every example output in README.md and docs/ is produced here (test/docs/_helpers/examples.ts), so the
 * docs cannot drift from the code. `npm run docs:examples` (LAYERPLAN_WRITE_EXAMPLES=1) rewrites the
 * marked blocks instead of failing on a difference.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../_helpers/cli.js';
import { EXAMPLES } from './_helpers/examples.js';
import { rewriteMarkdown, scanMarkdown } from './_helpers/markers.js';

const t = suite('docs/examples');
const WRITE = process.env.LAYERPLAN_WRITE_EXAMPLES === '1';

function markdownFiles(): string[] {
  const docs = readdirSync(path.join(repoRoot, 'docs'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f));
  return ['README.md', ...docs.sort()];
}

const produced = new Map<string, string>();
async function output(name: string): Promise<string> {
  const producer = EXAMPLES.get(name);
  if (!producer) throw new Error(`no producer named ${name} in test/docs/_helpers/examples.ts`);
  if (!produced.has(name)) produced.set(name, await producer());
  return produced.get(name)!;
}

t('every marker names a producer, every producer is shown, and every console block is marked', () => {
  const used = new Set<string>();
  for (const file of markdownFiles()) {
    const { blocks, problems } = scanMarkdown(readFileSync(path.join(repoRoot, file), 'utf8'));
    assert.equal(problems.map((p) => `${file}: ${p}`), []);
    for (const b of blocks) {
      assert.ok(EXAMPLES.has(b.name), `${file}:${b.line}: no producer named ${b.name}`);
      used.add(b.name);
    }
  }
  assert.equal([...EXAMPLES.keys()].filter((n) => !used.has(n)), [], 'producers no doc shows');
});

t('docs/build.md names every field build --json prints', async () => {
  const doc = readFileSync(path.join(repoRoot, 'docs/build.md'), 'utf8');
  const json = (await output('build-json')).replace(/^\$ .*\n/, '');
  const plan = JSON.parse(json) as Record<string, unknown> & { bases: object[]; stages: object[]; steps: object[]; summary: object };
  const keys = [plan, plan.bases[0]!, plan.stages[0]!, plan.steps[0]!, plan.summary].flatMap((o) => Object.keys(o));
  assert.equal([...new Set(keys)].filter((k) => !doc.includes(`\`${k}\``)), [], 'fields docs/build.md does not name');
});

for (const file of markdownFiles()) {
  t(`${file}: the example output is what the CLI prints now`, async () => {
    const abs = path.join(repoRoot, file);
    const text = readFileSync(abs, 'utf8');
    const { blocks } = scanMarkdown(text);
    const fresh = new Map<string, string>();
    for (const b of blocks) fresh.set(b.name, await output(b.name));
    if (WRITE) {
      const next = rewriteMarkdown(text, fresh);
      if (next !== text) writeFileSync(abs, next);
      return;
    }
    for (const b of blocks) assert.fixture(b.body, fresh.get(b.name)!, `${file}:${b.line} example ${b.name} (npm run docs:examples rewrites it)`);
  });
}

t.run();
