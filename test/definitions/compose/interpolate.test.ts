import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { interpolate, interpolationMessage, InterpolationFailure } from '../../../src/definitions/compose/interpolate.js';

const t = suite('definitions/compose/interpolate');
const env = new Map([['SET', 'v'], ['EMPTY', '']]);
const look = (k: string): string | undefined => env.get(k);
const run = (s: string, unset: string[] = []): string => interpolate(s, look, (n) => unset.push(n));

t('plain, braced and escaped', () => {
  assert.is(run('a-$SET-${SET}-$$SET-$$'), 'a-v-v-$SET-$');
});

t(':- takes the default for unset and empty, - only for unset', () => {
  assert.is(run('${UNSET:-d}|${EMPTY:-d}|${UNSET-d}|${EMPTY-d}|${SET:-d}'), 'd|d|d||v');
});

t(':+ and + give the alternative when set', () => {
  assert.is(run('${SET:+alt}|${EMPTY:+alt}|${EMPTY+alt}|${UNSET+alt}'), 'alt||alt|');
});

t('defaults nest', () => {
  assert.is(run('${UNSET:-${SET}/x}'), 'v/x');
});

t('an unset bare variable is "" and reported', () => {
  const unset: string[] = [];
  assert.is(run('x${NOPE}y', unset), 'xy');
  assert.equal(unset, ['NOPE']);
});

t('? and :? fail with Compose\'s wording', () => {
  for (const [tpl, reason] of [['${UNSET?need it}', 'need it'], ['${EMPTY:?}', '']] as const) {
    try {
      run(tpl);
      assert.unreachable();
    } catch (err) {
      assert.instance(err, InterpolationFailure);
      const e = (err as InterpolationFailure).error;
      assert.equal(e, { kind: 'missing', variable: tpl.includes('EMPTY') ? 'EMPTY' : 'UNSET', reason });
    }
  }
  assert.is(interpolationMessage({ kind: 'missing', variable: 'TAG', reason: 'set TAG' }, 'services.vote.build.args.TAG'), 'error while interpolating services.vote.build.args.TAG: required variable TAG is missing a value: set TAG');
  assert.is(run('${EMPTY?x}'), '');
});

t('an unclosed or malformed ${ is invalid', () => {
  assert.throws(() => run('${SET'), (e: unknown) => e instanceof InterpolationFailure && e.error.kind === 'invalid');
  assert.throws(() => run('${SET:x}'), (e: unknown) => e instanceof InterpolationFailure && e.error.kind === 'invalid');
});

t.run();
