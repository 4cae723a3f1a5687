import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BadPatternError, cleanPath, goMatch, hasGoMeta } from '../../src/lang/go-path.js';

const clean = suite('lang/go-path cleanPath');

clean('matches Go path.Clean', () => {
  const cases: Array<[string, string]> = [
    ['', '.'],
    ['.', '.'],
    ['./src', 'src'],
    ['src/', 'src'],
    ['/src', '/src'],
    ['a//b/./c/..', 'a/b'],
    ['../x', '../x'],
    ['a/../..', '..'],
    ['/../x', '/x'],
    ['/', '/'],
  ];
  for (const [input, want] of cases) assert.is(cleanPath(input), want, input);
});

clean.run();

const match = suite('lang/go-path goMatch');

// Cases from Go's filepath match_test.go.
const MATCHES: Array<[string, string, boolean]> = [
  ['abc', 'abc', true],
  ['*', 'abc', true],
  ['*c', 'abc', true],
  ['a*', 'a', true],
  ['a*', 'abc', true],
  ['a*', 'ab/c', false],
  ['a*/b', 'abc/b', true],
  ['a*/b', 'a/c/b', false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true],
  ['a*b?c*x', 'abxbbxdbxebxczzy', false],
  ['ab[c]', 'abc', true],
  ['ab[b-d]', 'abc', true],
  ['ab[e-g]', 'abc', false],
  ['ab[^c]', 'abc', false],
  ['ab[^b-d]', 'abc', false],
  ['ab[^e-g]', 'abc', true],
  ['a\\*b', 'a*b', true],
  ['a\\*b', 'ab', false],
  ['a?b', 'a☺b', true],
  ['a[^a]b', 'a☺b', true],
  ['a???b', 'a☺b', false],
  ['[a-ζ]*', 'α', true],
  ['*[a-ζ]', 'A', false],
  ['a?b', 'a/b', false],
  ['a*b', 'a/b', false],
  ['[\\]a]', ']', true],
  ['[\\-]', '-', true],
  ['[x\\-]', 'x', true],
  ['[x\\-]', '-', true],
  ['[x\\-]', 'z', false],
  ['*x', 'xxx', true],
  ['[!a]', '!', true],
];

match('agrees with Go filepath.Match', () => {
  for (const [pattern, name, want] of MATCHES) assert.is(goMatch(pattern, name), want, `${pattern} ~ ${name}`);
});

match('rejects malformed patterns even when the name does not match', () => {
  for (const pattern of ['[]a]', '[-]', '[x-]', '[-x]', '\\', '[a-b-c]', '[', '[^', '[^bc', 'a[', 'x*[']) {
    assert.throws(() => goMatch(pattern, 'zzz'), (e: unknown) => e instanceof BadPatternError, pattern);
  }
});

match('hasGoMeta spots wildcards and escapes', () => {
  assert.ok(hasGoMeta('src/*.js'));
  assert.ok(hasGoMeta('a?'));
  assert.ok(hasGoMeta('[ab]'));
  assert.ok(hasGoMeta('a\\b'));
  assert.not.ok(hasGoMeta('src/index.js'));
});

match.run();
