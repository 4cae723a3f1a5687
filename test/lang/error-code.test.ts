import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { errorCode, errorMessage } from '../../src/lang/error-code.js';

const t = suite('lang/error-code');

t('the code of a Node error, undefined for anything else', () => {
  assert.is(errorCode(Object.assign(new Error('gone'), { code: 'ENOENT' })), 'ENOENT');
  assert.is(errorCode(new Error('plain')), undefined);
  assert.is(errorCode({ code: 'ENOENT' }), undefined);
  assert.is(errorCode(Object.assign(new Error('n'), { code: 7 })), undefined);
});

t('the message of an error, or the thrown value in words', () => {
  assert.is(errorMessage(new Error('bad')), 'bad');
  assert.is(errorMessage('text'), 'text');
});

t.run();
