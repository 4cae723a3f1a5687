import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { recentMemo } from '../../src/lang/recent-memo.js';

const t = suite('lang/recent-memo');

t('a kept key is answered without computing again; the oldest goes past the size', () => {
  const computed: string[] = [];
  const upper = recentMemo(2, (s: string) => {
    computed.push(s);
    return { text: s.toUpperCase() };
  });
  const a = upper('a');
  assert.is(upper('a'), a, 'the same answer, not a new one');
  upper('b');
  upper('c'); // 'a' is the oldest of three: dropped
  assert.equal(upper('a'), { text: 'A' });
  assert.equal(computed, ['a', 'b', 'c', 'a']);
});

t('an answer of undefined is kept like any other', () => {
  let calls = 0;
  const none = recentMemo(1, (_: number) => {
    calls++;
    return undefined;
  });
  none(1);
  none(1);
  assert.is(calls, 1);
});

t.run();
