/**
 * The bundle names its parser, so bin/layerplan remembers a Dockerfile's parse in the store's stat/ folder
 * (app/parse-memo.ts) and reads it back on the next plan of the same text; an edited Dockerfile is parsed
 * again. The memo's own rules are tested in test/app/parse-memo.test.ts.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyExample, layerplan } from '../_helpers/cli.js';

const t = suite('bundle/parse-memo');

const ENV = { LAYERPLAN_NO_ENGINE: '1', DOCKER_HOST: 'unix:///nonexistent' };

function plan(dir: string, cache: string): { steps: { instruction: string }[] } {
  const r = layerplan(['build', dir, '--json', '--dry-run', '--cache-dir', cache], { env: ENV });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { steps: { instruction: string }[] };
}

t('a plan remembers its parse, the next plan of the same text reads it, an edit is parsed again', () => {
  const { dir, cache } = copyExample('node-app');
  const first = plan(dir, cache);
  const memos = readdirSync(path.join(cache, 'stat')).filter((f) => /^parsed-[0-9a-f]{8}\.json$/.test(f));
  assert.is(memos.length, 1, readdirSync(path.join(cache, 'stat')).join(', '));
  const file = path.join(cache, 'stat', memos[0] as string);
  const memo = JSON.parse(readFileSync(file, 'utf8')) as { parser: string; text: string; parsed: { instructions: { text: string; rest: string }[] } };
  assert.match(memo.parser, /^[0-9a-f]{16}$/);
  assert.is(memo.text, readFileSync(path.join(dir, 'Dockerfile'), 'utf8'));
  // A remembered parse the plan can only have from the memo: the EXPOSE line's text changed.
  const expose = memo.parsed.instructions.find((i) => i.text.startsWith('EXPOSE'));
  assert.ok(expose, 'the example exposes a port');
  expose.text = 'EXPOSE 4242';
  expose.rest = '4242';
  writeFileSync(file, JSON.stringify(memo));
  const second = plan(dir, cache);
  assert.equal(second.steps.map((s) => s.instruction), first.steps.map((s) => s.instruction.replace('EXPOSE 3000', 'EXPOSE 4242')));
  writeFileSync(path.join(dir, 'Dockerfile'), `${memo.text}LABEL edited=1\n`);
  const third = plan(dir, cache);
  assert.equal(third.steps.map((s) => s.instruction), [...first.steps.map((s) => s.instruction), 'LABEL edited=1']);
});

t.run();
