import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { argDeclarations, expandWord, splitWords } from '../../src/parse/index.js';

const t = suite('parse/expand');
const vars = new Map([['A', 'x'], ['EMPTY', '']]);

t('plain and braced variables; unset is empty', () => {
  assert.is(expandWord('$A/${A}/$NOPE/', vars), 'x/x//');
});

t('default and alternative forms follow Docker (colon tests empty too)', () => {
  assert.is(expandWord('${NOPE:-d} ${EMPTY:-d} ${EMPTY-d} ${A:+alt} ${NOPE:+alt}', vars), 'd d  alt ');
});

t('single quotes are literal, double quotes expand, escapes protect $', () => {
  assert.is(expandWord(`'$A' "$A" \\$A "\\$A"`, vars), '$A x $A $A');
});

t('splitWords keeps quoted spaces together', () => {
  assert.equal(splitWords('a=1 b="x y" c=\'z w\''), ['a=1', 'b="x y"', "c='z w'"]);
});

t('argDeclarations: names with their defaults as written, undefined without one', () => {
  assert.equal(argDeclarations('A=1 B C=${X}'), [{ name: 'A', value: '1' }, { name: 'B', value: undefined }, { name: 'C', value: '${X}' }]);
  assert.equal(argDeclarations('EMPTY='), [{ name: 'EMPTY', value: '' }]);
});

t.run();
