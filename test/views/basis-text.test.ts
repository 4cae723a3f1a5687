import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { engineLines } from '../../src/views/basis-text.js';

const t = suite('views/basis-text');
const ENGINE = 'unix:///tmp/d28/docker.sock (Docker context lpx)';

t('the engine line names the engine and what was read from it; layers gone from its cache get their own line', () => {
  assert.equal(engineLines({ engine: ENGINE, bases: true, cache: { records: 481, pruned: 0 }, history: true }), [`engine ${ENGINE}: read base images, build cache (481 records), build history`]);
  assert.equal(engineLines({ engine: ENGINE, bases: false, cache: { records: 0, pruned: 2 }, history: false }), [
    `engine ${ENGINE}: read build cache (0 records)`,
    "the engine's build cache no longer holds 2 steps' layers that recorded builds made (pruned or collected since): rebuilt, reason cache-pruned",
  ]);
});

t('nothing read from the engine (none answered): no line', () => {
  assert.equal(engineLines({ engine: ENGINE, bases: false, cache: null, history: false }), []);
});

t.run();
