import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { layerplan } from '../_helpers/cli.js';

/** Usage errors in our own words (one line, exit 2), and `help COMMAND`. */
const t = suite('cli/usage');

t('an unknown flag gets one line naming it, not parseArgs\' advice about --', () => {
  const r = layerplan(['build', '--bogus']);
  assert.is(r.status, 2);
  assert.is(r.stderr, 'layerplan: unknown option --bogus for layerplan build (nearest known flag: --tag). See layerplan build --help\n');
});

t('a flag without its value, and a boolean given one', () => {
  assert.is(layerplan(['build', '-f']).stderr, 'layerplan: option --file needs a value. See layerplan build --help\n');
  assert.is(layerplan(['build', '--json=3']).stderr, 'layerplan: option --json takes no value. See layerplan build --help\n');
});

t('layerplan help build prints build\'s help', () => {
  const r = layerplan(['help', 'build']);
  assert.is(r.status, 0);
  assert.ok(r.stdout.startsWith('Usage: layerplan build'), r.stdout.slice(0, 80));
});

t('lint of a missing file is an error naming it (exit 3), not "0 Dockerfiles checked"', () => {
  const r = layerplan(['lint', 'no-such.Dockerfile']);
  assert.is(r.status, 3);
  assert.match(r.stderr, 'cannot read no-such.Dockerfile');
});

t.run();
