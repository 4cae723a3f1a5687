import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildStageGraph, evaluateStages } from '../../src/graph/index.js';
import { expandWord, LimitExceeded, LIMITS, parseDockerfile } from '../../src/parse/index.js';

const t = suite('parse/limits');

function doubling(levels: number, keyword = 'ARG'): string {
  const lines = ['FROM busybox', `${keyword} A0=xx`];
  for (let i = 1; i <= levels; i++) lines.push(`${keyword} A${i}=$A${i - 1}$A${i - 1}`);
  lines.push(`RUN echo $A${levels}`);
  return lines.join('\n');
}

function evaluate(text: string): unknown {
  const parsed = parseDockerfile(text);
  const graph = buildStageGraph(parsed, { buildArgs: new Map(), target: null });
  if (!graph.ok) return graph.problem;
  try {
    return evaluateStages(graph.graph, { buildArgs: new Map(), platformArgs: new Map(), escape: '\\' });
  } catch (err) {
    return err;
  }
}

t('an exponential ARG chain stops at the first ARG past the limit, with its line', () => {
  const err = evaluate(doubling(28));
  assert.ok(err instanceof LimitExceeded);
  // A0 is 2 bytes; A16 is 128 KiB, A17 is the first past it (line 2 + 17).
  assert.is(err.line, 19);
  assert.is(err.limit, 'expansionBytes');
});

t('the same chain of ENV stops the same way', () => {
  const err = evaluate(doubling(28, 'ENV'));
  assert.ok(err instanceof LimitExceeded);
  assert.is(err.line, 19);
});

t('a chain under the limit evaluates', () => {
  assert.ok(Array.isArray(evaluate(doubling(10))));
});

t('global ARGs and FROM past the limit are graph problems at their line', () => {
  const lines = ['ARG A0=xx'];
  for (let i = 1; i <= 20; i++) lines.push(`ARG A${i}=$A${i - 1}$A${i - 1}`);
  lines.push('FROM busybox');
  const problem = evaluate(lines.join('\n')) as { code: string; line: number };
  assert.is(problem.code, 'E_LIMIT');
  assert.is(problem.line, 18);
});

t('the values in scope may not pass ARG_MAX', () => {
  const lines = ['FROM busybox', `ENV B=${'x'.repeat(60000)}`, ...Array.from({ length: 30 }, (_, i) => `ENV V${i}=$B$B`)];
  const err = evaluate(lines.join('\n'));
  assert.ok(err instanceof LimitExceeded);
  assert.is(err.limit, 'environmentBytes');
  // 60 KB of B, then 120 KB per V: the 17th V passes 2 MiB.
  assert.is(err.line, 2 + 17);
});

t('the environment summed over steps has a limit (each step hashes it)', () => {
  const value = 'v'.repeat(60000);
  const lines = ['FROM busybox', ...Array.from({ length: 13 }, (_, i) => `ENV W${i}=${value}`), ...Array.from({ length: 3000 }, (_, i) => `RUN echo ${i}`)];
  const err = evaluate(lines.join('\n'));
  assert.ok(err instanceof LimitExceeded);
  assert.is(err.limit, 'environmentWorkBytes');
  assert.ok(err.line !== null && err.line > 14 && err.line < 14 + 3000, String(err.line));
});

t('expandWord itself refuses a result past the limit', () => {
  const vars = new Map([['A', 'y'.repeat(LIMITS.expansionBytes)]]);
  assert.throws(() => expandWord('$A$A', vars), (e: unknown) => e instanceof LimitExceeded);
  assert.throws(() => expandWord('"${A}-$A"', vars), (e: unknown) => e instanceof LimitExceeded);
});

t('a physical line past 65535 bytes is a problem at its line, as in BuildKit', () => {
  const p = parseDockerfile(`FROM busybox\n\nRUN echo ${'a'.repeat(70000)}\n`);
  assert.equal(p.problems.map((x) => [x.line, x.limit]), [[3, 'lineBytes']]);
  assert.is(p.instructions.length, 0);
});

t('continuation lines count toward one instruction; the escape directive is honoured', () => {
  const part = 'a'.repeat(60000);
  const back = parseDockerfile(`FROM busybox\nRUN ${part} \\\n ${part} \\\n ${part}\n`);
  assert.equal(back.problems.map((x) => [x.line, x.limit]), [[2, 'instructionBytes']]);
  const tick = parseDockerfile(`# escape=\`\nFROM busybox\nRUN ${part} \\\n ${part} \\\n ${part}\n`);
  assert.equal(tick.problems.filter((x) => x.limit), [], 'with escape=` a trailing backslash does not continue');
});

t('a file past 1 MiB is refused whole', () => {
  const p = parseDockerfile(`FROM busybox\n${'RUN true\n'.repeat(130000)}`);
  assert.equal(p.problems.map((x) => [x.line, x.limit]), [[1, 'dockerfileBytes']]);
});

t('instruction and stage counts, and heredoc bodies, have limits', () => {
  const many = parseDockerfile(`FROM busybox\n${'RUN true\n'.repeat(LIMITS.instructions)}`);
  assert.equal(many.problems.map((x) => [x.line, x.limit]), [[LIMITS.instructions + 1, 'instructions']]);
  const stages = parseDockerfile('FROM busybox\n'.repeat(LIMITS.stages + 1));
  assert.equal(stages.problems.map((x) => [x.line, x.limit]), [[LIMITS.stages + 1, 'stages']]);
  const body = Array.from({ length: 5000 }, () => 'x'.repeat(60)).join('\n');
  const heredoc = parseDockerfile(`FROM busybox\nCOPY <<EOF /big\n${body}\nEOF\n`);
  assert.equal(heredoc.problems.map((x) => [x.line, x.limit]), [[2, 'heredocBytes']]);
});

t.run();
