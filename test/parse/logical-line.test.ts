import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { extractFlags, joinContinuations, parseExecForm, splitCommand } from '../../src/parse/logical-line.js';
import { parseDockerfile } from '../../src/parse/index.js';

const t = suite('parse/logical-line');

t('continuations keep the indentation of continued lines and drop comment lines', () => {
  const { line, used } = joinContinuations(['RUN apk add curl && \\', '    # why', '', '    echo ok   '], '\\');
  assert.is(line, 'RUN apk add curl &&     echo ok   ');
  assert.is(used, 4);
});

t('an escaped escape character does not continue the line', () => {
  assert.is(joinContinuations(['RUN echo a\\\\', 'RUN x'], '\\').used, 1);
});

t('the escape directive changes the continuation character', () => {
  assert.is(joinContinuations(['RUN dir `', '  c:\\'], '`').line, 'RUN dir   c:\\');
});

t('splitCommand: keyword is upper-cased, flags are extracted, rest trimmed', () => {
  const s = splitCommand('copy   --from=build --chmod=755  a b/   ');
  assert.is(s.keyword, 'COPY');
  assert.equal(s.flags, [{ name: 'from', value: 'build' }, { name: 'chmod', value: '755' }]);
  assert.is(s.rest, 'a b/');
});

t('flags may be quoted and bare', () => {
  assert.equal(extractFlags('--link --mount="type=cache,target=/a b" x').words, ['--link', '--mount=type=cache,target=/a b']);
});

t('exec form needs a JSON array of strings', () => {
  assert.equal(parseExecForm('["a", "b c"]'), ['a', 'b c']);
  assert.is(parseExecForm('[1]'), null);
  assert.is(parseExecForm('[not json'), null);
});

t('parseDockerfile keeps lines, heredocs and ONBUILD triggers', () => {
  const p = parseDockerfile('# syntax=docker/dockerfile:1\nFROM a\nRUN <<EOF\necho hi\nEOF\nONBUILD RUN make\n  run   ls \n');
  assert.equal(p.instructions.map((i) => [i.keyword, i.line, i.endLine]), [['FROM', 2, 2], ['RUN', 3, 5], ['ONBUILD', 6, 6], ['RUN', 7, 7]]);
  assert.equal(p.instructions[1]?.heredocs, [{ name: 'EOF', body: 'echo hi', expand: true }]);
  assert.is(p.instructions[2]?.trigger?.keyword, 'RUN');
  assert.is(p.instructions[3]?.original, 'run   ls ');
  assert.is(p.directives.syntax, 'docker/dockerfile:1');
  assert.equal(p.problems, []);
});

t('unknown instructions are reported with their line', () => {
  assert.equal(parseDockerfile('FROM a\nFOO bar\n').problems, [{ line: 2, message: 'unknown instruction: FOO' }]);
});

t.run();
