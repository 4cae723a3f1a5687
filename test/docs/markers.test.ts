import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { rewriteMarkdown, scanMarkdown } from './_helpers/markers.js';

const t = suite('docs/markers');
const DOC = ['# x', '', '<!-- example: one -->', '```console', '$ layerplan a', 'old', '```', '', '```sh', 'npm test', '```', ''].join('\n');

t('a marker and the fenced block under it', () => {
  const { blocks, problems } = scanMarkdown(DOC);
  assert.equal(problems, []);
  assert.equal(blocks, [{ name: 'one', line: 3, body: '$ layerplan a\nold\n' }]);
});

t('a console block without a marker, a marker without a block, an unclosed fence', () => {
  assert.equal(scanMarkdown('```console\n$ x\n```\n').problems, ['line 1: a console block without an <!-- example: NAME --> marker']);
  assert.equal(scanMarkdown('<!-- example: two -->\n\n```console\nx\n```\n').problems, ['line 1: example two is not directly followed by a fenced block', 'line 3: a console block without an <!-- example: NAME --> marker']);
  assert.equal(scanMarkdown('```sh\nx\n').problems, ['line 1: a fenced block is never closed']);
});

t('rewrite replaces only the marked body and keeps the rest byte for byte', () => {
  const next = rewriteMarkdown(DOC, new Map([['one', '$ layerplan a\nnew\nlines\n']]));
  assert.is(next, DOC.replace('old', 'new\nlines'));
  assert.is(rewriteMarkdown(DOC, new Map()), DOC);
});

t.run();
