/**
 * The bundle names the code of the remembered Dockerfiles, so bin/layerplan remembers a Dockerfile's parse and
 * its prepared graph and steps in the store's stat/ folder (app/parse-memo.ts) and reads them back on the next
 * plan of the same text; an edited Dockerfile is parsed again. The memo's own rules are tested in
 * test/app/parse-memo.test.ts.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyExample, layerplan, repoRoot } from '../_helpers/cli.js';

const t = suite('bundle/parse-memo');

const ENV = { LAYERPLAN_NO_ENGINE: '1', DOCKER_HOST: 'unix:///nonexistent' };

type Plan = { steps: { instruction: string; key: string | null }[] };

function plan(dir: string, cache: string): Plan {
  const r = layerplan(['build', dir, '--json', '--dry-run', '--cache-dir', cache], { env: ENV });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Plan;
}

type Memo = {
  code: string;
  text: string;
  parsed: { instructions: { text: string; rest: string }[] };
  prepared: { prepared: { steps: { op: { kind: string; argv?: string[] } }[][] } }[];
};

t('a plan remembers its parse and steps, the next plan of the same text reads them, an edit is parsed again', () => {
  const { dir, cache } = copyExample('node-app');
  const first = plan(dir, cache);
  const memos = readdirSync(path.join(cache, 'stat')).filter((f) => /^parsed-[0-9a-f]{8}\.json$/.test(f));
  assert.is(memos.length, 1, readdirSync(path.join(cache, 'stat')).join(', '));
  const file = path.join(cache, 'stat', memos[0] as string);
  const memo = JSON.parse(readFileSync(file, 'utf8')) as Memo;
  assert.match(memo.code, /^[0-9a-f]{16}$/);
  assert.is(memo.prepared.length, 1, 'one option set prepared');
  assert.is(memo.text, readFileSync(path.join(dir, 'Dockerfile'), 'utf8'));
  // A remembered parse the plan can only have from the memo: the EXPOSE line's text changed.
  const expose = memo.parsed.instructions.find((i) => i.text.startsWith('EXPOSE'));
  assert.ok(expose, 'the example exposes a port');
  expose.text = 'EXPOSE 4242';
  expose.rest = '4242';
  writeFileSync(file, JSON.stringify(memo));
  const second = plan(dir, cache);
  assert.equal(second.steps.map((s) => s.instruction), first.steps.map((s) => s.instruction.replace('EXPOSE 3000', 'EXPOSE 4242')));
  // A remembered step the plan can only have from the memo: the RUN's command, so its key, changed.
  const run = memo.prepared[0]?.prepared.steps.flat().find((st) => st.op.kind === 'run');
  assert.ok(run?.op.argv, 'the example runs a command');
  run.op.argv = [...run.op.argv, 'edited'];
  writeFileSync(file, JSON.stringify(memo));
  const keys = (p: Plan): (string | null)[] => p.steps.map((st) => st.key);
  const runAt = first.steps.findIndex((st) => st.instruction.startsWith('RUN'));
  const rekeyed = plan(dir, cache);
  assert.is.not(rekeyed.steps[runAt]?.key, first.steps[runAt]?.key, 'the RUN keyed from the remembered step');
  assert.equal(keys(rekeyed).slice(0, runAt), keys(first).slice(0, runAt), 'the steps before it as they were');
  writeFileSync(path.join(dir, 'Dockerfile'), `${memo.text}LABEL edited=1\n`);
  const third = plan(dir, cache);
  assert.equal(third.steps.map((s) => s.instruction), [...first.steps.map((s) => s.instruction), 'LABEL edited=1']);
});

t('the code id names every source a remembered answer is made from: the parser, the stage graph, the evaluation, the platform ARGs, the codec', async () => {
  const bundle = (await import(pathToFileURL(path.join(repoRoot, 'scripts/bundle.mjs')).href)) as { importGraph: () => Promise<unknown>; memoSources: (graph: unknown) => string[] };
  const sources = bundle.memoSources(await bundle.importGraph());
  const needed = ['src/app/parse-memo.ts', 'src/app/prepare.ts', 'src/app/prepared-codec.ts', 'src/app/platform.ts', 'src/parse/from-dockerfile-ast.ts', 'src/graph/build-stage-graph.ts', 'src/graph/evaluate.ts', 'src/graph/apply-copy.ts', 'src/graph/apply-run.ts', 'src/graph/platform.ts'];
  assert.equal(needed.filter((f) => !sources.includes(f)), []);
  assert.ok(sources.some((f) => f.includes('dockerfile-ast/lib/parser.js')), 'dockerfile-ast itself');
});

t.run();
