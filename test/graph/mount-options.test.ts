import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mountOptions } from '../../src/graph/mount-options.js';
import { fromReferences } from '../../src/graph/index.js';
import { parseDockerfile } from '../../src/parse/index.js';

const t = suite('graph/mount-options');

t('keys lower-cased and aliases resolved; a bare key is true; values through the function given', () => {
  assert.equal(mountOptions('type=cache,DST=/x,ro,from=$S', (v) => v.replace('$S', 'build')), { type: 'cache', target: '/x', readonly: 'true', from: 'build' });
});

t('the stage graph reads a mount\'s from= with the same parser (FROM= as BuildKit reads it)', () => {
  const parsed = parseDockerfile('FROM a AS b\nFROM c\nRUN --mount=type=bind,FROM=b,target=/t true\n');
  const run = parsed.instructions.find((i) => i.keyword === 'RUN');
  assert.ok(run);
  assert.equal(fromReferences(run), ['b']);
});

t.run();
