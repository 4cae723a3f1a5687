import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildStageGraph, evaluateStages, type Step } from '../../src/graph/index.js';
import { parseDockerfile } from '../../src/parse/index.js';

const t = suite('graph/evaluate');

function steps(dockerfile: string, buildArgs: Record<string, string> = {}, target: string | null = null): Step[][] {
  const parsed = parseDockerfile(dockerfile);
  const args = new Map(Object.entries(buildArgs));
  const g = buildStageGraph(parsed, { buildArgs: args, target });
  if (!g.ok) throw new Error(g.problem.message);
  return evaluateStages(g.graph, { buildArgs: args, platformArgs: new Map([['TARGETARCH', 'amd64']]), escape: parsed.directives.escape });
}

const op = (s: Step | undefined): unknown => s?.op;
const argv = (s: Step | undefined): readonly string[] | null => (s?.op.kind === 'run' ? s.op.argv : null);

t('global ARG feeds FROM; a stage sees it only after re-declaring it', () => {
  const [stage] = steps('ARG V=3.20\nFROM alpine:$V\nRUN echo $V\nARG V\nRUN echo $V\n');
  assert.equal(op(stage?.[0]), { kind: 'from', base: { kind: 'image', ref: 'alpine:3.20' }, platform: null });
  assert.equal(stage?.[1]?.state.env, []);
  assert.equal(stage?.[3]?.state.env, [['V', '3.20']]);
});

t('--build-arg overrides the default; an undeclared build arg changes nothing', () => {
  const [stage] = steps('FROM a\nARG X=1\nRUN true\n', { X: '2', OTHER: '9' });
  assert.equal(stage?.[2]?.state.env, [['X', '2']]);
});

t('ENV order is kept by last assignment (BuildKit EnvList)', () => {
  const [stage] = steps('FROM a\nENV A=1 B=2\nENV A=3\nRUN true\n');
  assert.equal(stage?.[3]?.state.env, [['B', '2'], ['A', '3']]);
});

t('ENV expands ARG values; ${VAR:-default} works', () => {
  const [stage] = steps('FROM a\nARG V\nENV X=${V:-none} Y=$V\nRUN true\n', { V: '' });
  assert.equal(stage?.[3]?.state.env, [['V', ''], ['X', 'none'], ['Y', '']]);
});

t('WORKDIR resolves relative paths; COPY dest is absolute and keeps a trailing slash', () => {
  const [stage] = steps('FROM a\nWORKDIR /app\nWORKDIR sub/../src\nCOPY a b ./\nCOPY c d\n');
  assert.equal(stage?.[2]?.state.workdir, '/app/src');
  const copy = stage?.[3]?.op;
  assert.ok(copy?.kind === 'copy' && copy.dest === '/app/src/' && copy.sources.join() === 'a,b');
  const copy2 = stage?.[4]?.op;
  assert.ok(copy2?.kind === 'copy' && copy2.dest === '/app/src/d');
});

t('shell form RUN uses SHELL; exec form is verbatim', () => {
  const [stage] = steps('FROM a\nRUN echo hi\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN echo hi\nRUN ["echo", "hi"]\n');
  assert.equal(argv(stage?.[1]), ['/bin/sh', '-c', 'echo hi']);
  assert.equal(argv(stage?.[3]), ['/bin/bash', '-eo', 'pipefail', '-c', 'echo hi']);
  assert.equal(argv(stage?.[4]), ['echo', 'hi']);
});

t('RUN --mount options are parsed with aliases and expanded', () => {
  const [stage] = steps('FROM a\nARG T=/cache\nRUN --mount=type=cache,dst=$T,id=x --mount=type=bind,src=req.txt,target=/r true\n');
  const run = stage?.[2]?.op;
  assert.ok(run?.kind === 'run');
  assert.equal(run.mounts.map((m) => [m.type, m.options]), [['cache', { target: '/cache', id: 'x' }], ['bind', { source: 'req.txt', target: '/r' }]]);
});

t('COPY --from names a stage (case-insensitive) or an image; ADD splits remote sources', () => {
  const all = steps('FROM a AS Build\nRUN make\nFROM b\nCOPY --from=build /o /o\nCOPY --from=nginx:1 /x /x\nADD https://e.com/f.tgz git@github.com:a/b.git local.txt /d/\n');
  const s = all[1] ?? [];
  assert.equal((s[1]?.op as { from: unknown }).from, { kind: 'stage', index: 0 });
  assert.equal((s[2]?.op as { from: unknown }).from, { kind: 'image', ref: 'nginx:1' });
  const add = s[3]?.op;
  assert.ok(add?.kind === 'copy');
  assert.equal(add.remote.map((r) => r.kind), ['url', 'git']);
  assert.equal(add.sources, ['local.txt']);
});

t('FROM <stage> inherits env and workdir', () => {
  const all = steps('FROM a AS base\nENV A=1\nWORKDIR /w\nFROM base\nRUN true\n');
  assert.equal(all[1]?.[1]?.state.env, [['A', '1']]);
  assert.is(all[1]?.[1]?.state.workdir, '/w');
});

t('problems: unknown target, no FROM, instruction before FROM, forward --from cycle', () => {
  const graph = (d: string, target: string | null = null) => buildStageGraph(parseDockerfile(d), { buildArgs: new Map(), target });
  const unknown = graph('FROM a AS x\n', 'y');
  assert.ok(!unknown.ok && unknown.problem.code === 'E_UNKNOWN_TARGET');
  const noFrom = graph('RUN x\n');
  assert.ok(!noFrom.ok && noFrom.problem.code === 'E_NO_FROM' && noFrom.problem.line === 1);
  const cycle = graph('FROM a AS one\nCOPY --from=two /a /a\nFROM b AS two\nCOPY --from=one /b /b\n');
  assert.ok(!cycle.ok && cycle.problem.code === 'E_STAGE_CYCLE');
});

t('--target keeps only needed stages, dependencies first', () => {
  const g = buildStageGraph(parseDockerfile('FROM a AS x\nFROM b AS y\nFROM c AS z\nCOPY --from=x /a /a\n'), { buildArgs: new Map(), target: null });
  assert.ok(g.ok);
  assert.equal(g.graph.order, [0, 2]);
});

t('FROM --platform=$BUILDPLATFORM sees the automatic platform args without a declaration', () => {
  const g = buildStageGraph(parseDockerfile('FROM --platform=$BUILDPLATFORM golang AS build\n'), { buildArgs: new Map(), target: null, platformArgs: new Map([['BUILDPLATFORM', 'linux/amd64']]) });
  assert.ok(g.ok);
  assert.is(g.graph.stages[0]?.platform, 'linux/amd64');
});

t.run();
