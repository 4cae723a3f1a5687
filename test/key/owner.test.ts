import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ownerKey } from '../../src/key/owner.js';

const t = suite('key/owner');

// copy-chown-spellings (Docker 28.5, buildah 1.43): 0 → 0:0 rebuilt under BuildKit only; 0:0 → root → root:root cached.
t('root is uid and gid 0 for both builders; 0:0, root and root:root are one owner', () => {
  for (const rule of ['buildkit', 'buildah'] as const) {
    assert.equal(['0:0', 'root', 'root:root', 'root:0', '0:root'].map((c) => ownerKey(c, rule)), ['0:0', '0:0', '0:0', '0:0', '0:0'], rule);
  }
});

t('a bare uid keeps no group under BuildKit and takes the same gid under buildah', () => {
  assert.is(ownerKey('0', 'buildkit'), '0');
  assert.is(ownerKey('0', 'buildah'), '0:0');
  assert.is(ownerKey('1000', 'buildah'), '1000:1000');
});

t('other names stay as written (their ids are in the image, which is not read); no --chown is null', () => {
  assert.is(ownerKey('app', 'buildkit'), 'app');
  assert.is(ownerKey('app:staff', 'buildah'), 'app:staff');
  assert.is(ownerKey(null, 'buildkit'), null);
});

t.run();
