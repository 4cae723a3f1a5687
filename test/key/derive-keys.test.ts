import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildStageGraph, evaluateStages } from '../../src/graph/index.js';
import { deriveKeys, normalizeImageRef, type Builder, type StepKey } from '../../src/key/index.js';
import { parseDockerfile } from '../../src/parse/index.js';
import { fakeContext, hash } from '../_helpers/plan.js';

const t = suite('key/derive-keys');

/** Keys by Dockerfile line (the last step on a line wins, as in the JSON). */
function keys(dockerfile: string, opts: { builder?: Builder; files?: Record<string, string>; args?: Record<string, string> } = {}): Map<number, StepKey> {
  const parsed = parseDockerfile(dockerfile);
  const buildArgs = new Map(Object.entries(opts.args ?? {}));
  const g = buildStageGraph(parsed, { buildArgs, target: null });
  if (!g.ok) throw new Error(g.problem.message);
  const steps = evaluateStages(g.graph, { buildArgs, platformArgs: new Map(), escape: parsed.directives.escape });
  const r = deriveKeys(g.graph, steps, { builder: opts.builder ?? 'buildkit', hash, context: fakeContext(opts.files ?? { 'a.txt': 'a', 'src/x.js': 'x' }), baseIds: new Map() });
  if (!r.ok) throw new Error(`missing ${r.source}`);
  const byLine = new Map<number, StepKey>();
  for (const s of steps.flat()) {
    const k = r.keys.get(s.id);
    if (k) byLine.set(s.instruction.line, k);
  }
  return byLine;
}
const key = (d: string, line: number, o = {}): string | null | undefined => keys(d, o).get(line)?.key;

t('BuildKit: whitespace after the keyword, keyword case and trailing blanks do not change a RUN key', () => {
  const base = key('FROM a\nRUN npm ci\n', 2);
  assert.is(key('FROM a\nrun    npm ci   \n', 2), base);
  assert.is(key('FROM a\nRUN ["/bin/sh", "-c", "npm ci"]\n', 2), base);
  assert.is.not(key('FROM a\nRUN npm  ci\n', 2), base);
});

t('buildah: the raw line after "RUN " is the key, spaces included', () => {
  const o = { builder: 'buildah' as const };
  const base = key('FROM a\nRUN npm ci\n', 2, o);
  assert.is.not(key('FROM a\nRUN   npm ci\n', 2, o), base);
  assert.is.not(key('FROM a\nRUN npm ci \n', 2, o), base);
  assert.is.not(key('FROM a\nRUN ["/bin/sh", "-c", "npm ci"]\n', 2, o), base);
});

t('comment lines inside a continuation change nothing; re-indenting does', () => {
  const base = key('FROM a\nRUN a && \\\n    b\n', 2);
  assert.is(key('FROM a\nRUN a && \\\n# note\n    b\n', 2), base);
  assert.is.not(key('FROM a\nRUN a && \\\n  b\n', 2), base);
});

t('BuildKit: metadata instructions make no key and leave later keys alone', () => {
  const k = keys('FROM a\nLABEL v=1\nENV A=1\nRUN x\n');
  assert.is(k.get(2)?.key, null);
  assert.is(key('FROM a\nLABEL v=2\nENV A=1\nRUN x\n', 4), k.get(4)?.key);
  assert.is.not(key('FROM a\nLABEL v=1\nENV A=2\nRUN x\n', 4), k.get(4)?.key);
});

t('COPY keys on content and mode, not on how the source is spelled', () => {
  const files = { 'src/x.js': 'x' };
  const base = key('FROM a\nCOPY src/ /app/src/\n', 2, { files });
  assert.is(key('FROM a\nCOPY ./src /app/src/\n', 2, { files }), base);
  assert.is.not(key('FROM a\nCOPY src/ /app/src/\n', 2, { files: { 'src/x.js': 'y' } }), base);
  assert.is.not(key('FROM a\nADD src/ /app/src/\n', 2, { files }), base, 'ADD may unpack, so it is another action');
});

t('a build arg enters RUN keys only after its ARG, COPY keys only when expanded in them', () => {
  const d = 'FROM a\nARG V=1\nCOPY a.txt /a\nRUN x\nCOPY a.txt /$V\n';
  const one = keys(d);
  const two = keys(d, { args: { V: '2' } });
  assert.is(two.get(3)?.key, one.get(3)?.key);
  assert.is.not(two.get(4)?.key, one.get(4)?.key);
  assert.equal(two.get(4)?.env, [['V', '2']]);
});

t('cache mount id is part of the key (dockerd 20.10 BuildKit); its contents never are', () => {
  const base = key('FROM a\nRUN --mount=type=cache,target=/c x\n', 2);
  assert.is(key('FROM a\nRUN --mount=type=cache,target=/c,id=/c x\n', 2), base, 'the default id is the target');
  assert.is.not(key('FROM a\nRUN --mount=type=cache,target=/c,id=pip x\n', 2), base);
});

t('bind mounts from the context hash the mounted files (BuildKit)', () => {
  const d = 'FROM a\nRUN --mount=type=bind,source=a.txt,target=/a cat /a\n';
  assert.is.not(key(d, 2, { files: { 'a.txt': '1' } }), key(d, 2, { files: { 'a.txt': '2' } }));
  assert.is(key(d, 2, { files: { 'a.txt': '1', 'b': '1' } }), key(d, 2, { files: { 'a.txt': '1', 'b': '2' } }));
});

t('a missing literal source is reported with its step', () => {
  const parsed = parseDockerfile('FROM a\nCOPY nope /x\n');
  const g = buildStageGraph(parsed, { buildArgs: new Map(), target: null });
  assert.ok(g.ok);
  const steps = evaluateStages(g.graph, { buildArgs: new Map(), platformArgs: new Map(), escape: '\\' });
  const r = deriveKeys(g.graph, steps, { builder: 'buildkit', hash, context: fakeContext({}), baseIds: new Map() });
  assert.ok(!r.ok && r.source === 'nope' && r.step.instruction.line === 2);
});

t('image references normalise like Docker', () => {
  assert.is(normalizeImageRef('busybox'), 'docker.io/library/busybox:latest');
  assert.is(normalizeImageRef('me/app:1'), 'docker.io/me/app:1');
  assert.is(normalizeImageRef('localhost:5000/app'), 'localhost:5000/app:latest');
  assert.is(normalizeImageRef('alpine@sha256:abc'), 'docker.io/library/alpine@sha256:abc');
});

t('a base image id, when known, is part of every key', () => {
  const parsed = parseDockerfile('FROM alpine:3.20\nRUN x\n');
  const g = buildStageGraph(parsed, { buildArgs: new Map(), target: null });
  assert.ok(g.ok);
  const steps = evaluateStages(g.graph, { buildArgs: new Map(), platformArgs: new Map(), escape: '\\' });
  const run = (id: string): string | null | undefined => {
    const r = deriveKeys(g.graph, steps, { builder: 'buildkit', hash, context: fakeContext({}), baseIds: new Map([['alpine:3.20', id]]) });
    return r.ok ? r.keys.get(steps[0]?.[1]?.id ?? '')?.key : undefined;
  };
  assert.is.not(run('sha256:1'), run('sha256:2'));
});

t('COPY --exclude: excluded files do not reach the key', () => {
  const d = 'FROM a\nCOPY --exclude=*.log src/ /app/\n';
  const base = key(d, 2, { files: { 'src/a.js': '1', 'src/debug.log': 'x' } });
  assert.is(key(d, 2, { files: { 'src/a.js': '1', 'src/debug.log': 'y' } }), base);
  assert.is.not(key(d, 2, { files: { 'src/a.js': '2', 'src/debug.log': 'x' } }), base);
});

t.run();
