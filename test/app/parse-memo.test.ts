/**
 * app/parse-memo.ts: a Dockerfile's parse, and what `prepare` made of it for an option set, is remembered
 * per Dockerfile path with its text and code, and given back only for exactly that text and code (and a
 * prepared answer only for exactly those options); anything else (another text, another code, other
 * options, a damaged file, a parse with problems) means computing it again. A planted answer shows which
 * was taken: each test would pass a planted answer where it wants a fresh one if the memo ignored what it
 * changes.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { prepareRemembered, type PrepareInputs } from '../../src/app/parse-memo.js';
import type { Prepared } from '../../src/app/prepare.js';
import { parseDockerfile } from '../../src/parse/index.js';

const t = suite('app/parse-memo');

const TEXT = 'ARG V=1\nFROM busybox AS base\nARG V\nRUN echo $V $TARGETARCH\nFROM base AS app\nCOPY --from=ctx . /app\n';
const INPUTS: PrepareInputs = { buildArgs: new Map(), target: null, arch: 'x64', namedContexts: new Map() };

function memoDir(): { dir: string; file: () => string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-parse-memo-'));
  return { dir, file: () => path.join(dir, readdirSync(dir).find((f) => f.startsWith('parsed-')) ?? 'none') };
}

/** What prepare makes of it, nothing remembered. */
function fresh(text: string, inputs: PrepareInputs): Prepared {
  return prepareRemembered(null, '/p/Dockerfile', text, inputs, 'c1');
}

type Memo = { parsed: { instructions: { keyword: string; text: string; rest: string }[] }; prepared: { key: string; prepared: { stages: { base: { ref?: string } }[] } }[] };

function edit(file: string, change: (memo: Memo) => void): void {
  const memo = JSON.parse(readFileSync(file, 'utf8')) as Memo;
  change(memo);
  writeFileSync(file, JSON.stringify(memo));
}

/** Every remembered graph's first stage on the image `marked`: a prepared answer read back shows it. */
const MARKED = 'marked';
const markPrepared = (file: string): void => edit(file, (m) => m.prepared.forEach((e) => { const base = e.prepared.stages[0]?.base; if (base) base.ref = MARKED; }));
/** The remembered parse's RUN says `echo marked`, and no graph is remembered: a graph made from that parse shows it. */
const markParse = (file: string): void => edit(file, (m) => {
  const run = m.parsed.instructions.find((i) => i.keyword === 'RUN');
  if (run) Object.assign(run, { text: 'RUN echo marked', rest: 'echo marked' });
  m.prepared = [];
});

function firstBase(p: Prepared): string | undefined {
  const base = p.ok ? p.dockerfile.graph.stages[0]?.base : undefined;
  return base?.kind === 'image' ? base.ref : undefined;
}

function runText(p: Prepared): string | undefined {
  return p.ok ? p.dockerfile.graph.stages[0]?.instructions.find((i) => i.keyword === 'RUN')?.rest : undefined;
}

t('a first prepare is written; the next of the same text, code and options is the one remembered', () => {
  const { dir, file } = memoDir();
  const first = prepareRemembered(dir, '/p/Dockerfile', TEXT, INPUTS, 'c1');
  assert.equal(first, fresh(TEXT, INPUTS));
  assert.ok(existsSync(file()), 'written');
  markPrepared(file());
  const again = prepareRemembered(dir, '/p/Dockerfile', TEXT, { ...INPUTS, buildArgs: new Map(), namedContexts: new Map() }, 'c1');
  assert.is(firstBase(again), MARKED, 'equal options in other Map objects: the remembered answer');
});

const CHANGES: [string, PrepareInputs][] = [
  ['a build arg', { ...INPUTS, buildArgs: new Map([['V', '2']]) }],
  ['a target', { ...INPUTS, target: 'base' }],
  ['the arch', { ...INPUTS, arch: 'arm64' }],
  ['a platform', { ...INPUTS, platform: 'linux/arm64' }],
  ['a named context', { ...INPUTS, namedContexts: new Map([['ctx', { kind: 'dir' }]]) }],
  ['a named context image', { ...INPUTS, namedContexts: new Map([['ctx', { kind: 'image', ref: 'other' }]]) }],
];

for (const [what, inputs] of CHANGES) {
  t(`${what} changed: prepared again, from the remembered parse, and both answers kept`, () => {
    const { dir, file } = memoDir();
    prepareRemembered(dir, '/p/Dockerfile', TEXT, INPUTS, 'c1');
    markParse(file());
    prepareRemembered(dir, '/p/Dockerfile', TEXT, INPUTS, 'c1');
    markPrepared(file());
    const changed = prepareRemembered(dir, '/p/Dockerfile', TEXT, inputs, 'c1');
    assert.is.not(firstBase(changed), MARKED, 'not the remembered graph');
    assert.is(runText(changed), 'echo marked', 'made from the remembered parse');
    assert.is(firstBase(prepareRemembered(dir, '/p/Dockerfile', TEXT, INPUTS, 'c1')), MARKED, 'the first options still remembered');
    markPrepared(file());
    assert.is(firstBase(prepareRemembered(dir, '/p/Dockerfile', TEXT, inputs, 'c1')), MARKED, 'the changed options now remembered too');
  });
}

t('another text, another code, another Dockerfile path or a damaged file: parsed and prepared afresh', () => {
  const { dir, file } = memoDir();
  prepareRemembered(dir, '/p/Dockerfile', TEXT, INPUTS, 'c1');
  markPrepared(file());
  const edited = `${TEXT}RUN echo more\n`;
  assert.equal(prepareRemembered(dir, '/p/Dockerfile', edited, INPUTS, 'c1'), fresh(edited, INPUTS), 'another text');
  prepareRemembered(dir, '/p/Dockerfile', TEXT, INPUTS, 'c1');
  markPrepared(file());
  assert.equal(prepareRemembered(dir, '/p/Dockerfile', TEXT, INPUTS, 'c2'), fresh(TEXT, INPUTS), 'another code');
  markPrepared(file());
  assert.equal(prepareRemembered(dir, '/q/Dockerfile', TEXT, INPUTS, 'c2'), fresh(TEXT, INPUTS), 'another path');
  writeFileSync(file(), '{"version":2,"code":"c2","text":');
  assert.equal(prepareRemembered(dir, '/p/Dockerfile', TEXT, INPUTS, 'c2'), fresh(TEXT, INPUTS), 'damaged');
});

t('a remembered graph that is damaged or not of this shape: prepared again from the remembered parse', () => {
  const damages: [string, (m: Memo) => void][] = [
    ['an instruction index out of range', (m) => Object.assign(m.prepared[0]?.prepared.stages[0] ?? {}, { from: 99 })],
    ['a state index out of range', (m) => Object.assign(m.prepared[0]?.prepared ?? {}, { states: [] })],
    ['no steps', (m) => Object.assign(m.prepared[0]?.prepared ?? {}, { steps: null })],
    ['no key', (m) => Object.assign(m.prepared[0] ?? {}, { key: 7 })],
    ['no list of answers', (m) => Object.assign(m, { prepared: {} })],
  ];
  for (const [what, damage] of damages) {
    const { dir, file } = memoDir();
    prepareRemembered(dir, '/p/Dockerfile', TEXT, INPUTS, 'c1');
    markPrepared(file());
    edit(file(), damage);
    assert.equal(prepareRemembered(dir, '/p/Dockerfile', TEXT, INPUTS, 'c1'), fresh(TEXT, INPUTS), what);
    markPrepared(file());
    assert.is(firstBase(prepareRemembered(dir, '/p/Dockerfile', TEXT, INPUTS, 'c1')), MARKED, `${what}: written again`);
  }
});

t('no code name (tsc output) or no folder: nothing remembered; a parse with problems is not kept; a graph problem keeps only the parse', () => {
  const { dir, file } = memoDir();
  assert.equal(prepareRemembered(dir, '/p/Dockerfile', TEXT, INPUTS, null), fresh(TEXT, INPUTS));
  assert.equal(prepareRemembered(null, '/p/Dockerfile', TEXT, INPUTS, 'c1'), fresh(TEXT, INPUTS));
  const bad = 'FROM busybox\nFROBNICATE x\n';
  assert.not.ok(prepareRemembered(dir, '/p/Dockerfile', bad, INPUTS, 'c1').ok);
  assert.equal(readdirSync(dir), []);
  const noTarget = prepareRemembered(dir, '/p/Dockerfile', TEXT, { ...INPUTS, target: 'nope' }, 'c1');
  assert.equal(noTarget, fresh(TEXT, { ...INPUTS, target: 'nope' }));
  const memo = JSON.parse(readFileSync(file(), 'utf8')) as Memo;
  assert.equal(memo.parsed, JSON.parse(JSON.stringify(parseDockerfile(TEXT))));
  assert.equal(memo.prepared, []);
});

t('no more than four option sets are kept per Dockerfile, the newest', () => {
  const { dir, file } = memoDir();
  for (const v of ['1', '2', '3', '4', '5']) prepareRemembered(dir, '/p/Dockerfile', TEXT, { ...INPUTS, buildArgs: new Map([['V', v]]) }, 'c1');
  const memo = JSON.parse(readFileSync(file(), 'utf8')) as Memo;
  assert.equal(memo.prepared.map((e) => (JSON.parse(e.key) as unknown[])[3]), [[['V', '5']], [['V', '4']], [['V', '3']], [['V', '2']]]);
});

t.run();
