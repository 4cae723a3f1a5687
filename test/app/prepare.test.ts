import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { prepare } from '../../src/app/prepare.js';

/** The one parse → graph → steps: what it says about a file that is no Dockerfile. */
const t = suite('app/prepare');
const OPTS = { buildArgs: new Map<string, string>(), target: null, platformArgs: new Map<string, string>() };

t('a binary picked up as a Dockerfile is "not a text file", without quoting its bytes', () => {
  const r = prepare('\x7fELF\x02\x01\x01\x00\x00\x00\x1b[31m\nmore\x00', OPTS);
  assert.equal(r.ok ? null : r.problem, { kind: 'parse', line: 1, message: 'not a text file (it holds NUL bytes): a Dockerfile is text; check that the path names the Dockerfile' });
});

t('control characters in a quoted instruction are escaped, so a message cannot drive the terminal', () => {
  const r = prepare('FROM busybox\nBOGUS\x1b[2J x\n', OPTS);
  assert.not.ok(r.ok);
  if (!r.ok) {
    assert.is(r.problem.line, 2);
    assert.not.match(r.problem.message, '\x1b');
    assert.match(r.problem.message, '\\x1b[2J');
  }
});

t('the same text and options prepare once; other args or another target prepare again', () => {
  const text = 'FROM busybox\nARG V=1\nRUN echo $V\n';
  const first = prepare(text, OPTS);
  assert.is(prepare(text, { ...OPTS, buildArgs: new Map(), platformArgs: new Map() }), first, 'equal options, other Map objects: the same answer');
  const withArg = prepare(text, { ...OPTS, buildArgs: new Map([['V', '2']]) });
  assert.is.not(withArg, first);
  assert.ok(withArg.ok && withArg.dockerfile.steps[0]?.some((s) => s.op.kind === 'run' && s.op.argv.join(' ').includes('echo $V')));
  assert.is.not(prepare(text, { ...OPTS, target: 'x' }), first);
});

t.run();
