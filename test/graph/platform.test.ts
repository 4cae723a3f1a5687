import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hostPlatform, normalizePlatform, parsePlatform, platformArgs } from '../../src/graph/index.js';

const t = suite('graph/platform');

t('spellings the builders normalise are one platform', () => {
  assert.equal(['linux/amd64', 'amd64', 'Linux/x86_64', 'linux/arm64/v8', 'aarch64', 'linux/arm'].map(normalizePlatform), ['linux/amd64', 'linux/amd64', 'linux/amd64', 'linux/arm64', 'linux/arm64', 'linux/arm/v7']);
  assert.is(parsePlatform('a/b/c/d'), null);
});

t('the automatic platform args for a target and the build machine', () => {
  const args = platformArgs('linux/arm64', hostPlatform('x64'));
  assert.equal([args.get('TARGETPLATFORM'), args.get('TARGETARCH'), args.get('BUILDPLATFORM'), args.get('BUILDOS')], ['linux/arm64', 'arm64', 'linux/amd64', 'linux']);
});

t.run();
