import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makePaint } from '../../src/cli/paint.js';

const t = suite('cli/paint');
const paint = makePaint(true);

t('each style is the 16-colour SGR pair chalk writes at level 1', () => {
  assert.is(paint.cached('a'), '\u001b[32ma\u001b[39m');
  assert.is(paint.rebuilt('a'), '\u001b[33ma\u001b[39m');
  assert.is(paint.skipped('a'), '\u001b[90ma\u001b[39m');
  assert.is(paint.metadata('a'), '\u001b[34ma\u001b[39m');
  assert.is(paint.dim('a'), '\u001b[2ma\u001b[22m');
  assert.is(paint.bold('a'), '\u001b[1ma\u001b[22m');
});

t('a nested style reopens the outer one, and every line is closed and reopened', () => {
  assert.is(paint.bold(`x${paint.dim('y')}z`), '\u001b[1mx\u001b[2my\u001b[22m\u001b[1mz\u001b[22m');
  assert.is(paint.cached('a\nb'), '\u001b[32ma\u001b[39m\n\u001b[32mb\u001b[39m');
  assert.is(paint.cached(''), '');
});

t('no colour: text as given', () => {
  assert.is(makePaint(false).cached('a\nb'), 'a\nb');
});

t.run();
