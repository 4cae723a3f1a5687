import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { builderModel, compareVersions, modelForInstalled } from '../../src/key/index.js';

const t = suite('key/builder-model');

t('NAME alone is today\'s builder; podman builds with buildah, docker with BuildKit', () => {
  const spec = (s: string): string => { const m = builderModel(s); return m.ok ? m.model.spec : m.message; };
  assert.equal(['buildkit', 'docker', 'buildah', 'podman'].map(spec), ['buildkit@28.5', 'buildkit@28.5', 'buildah@1.43', 'buildah@1.43']);
});

t('NAME@VERSION picks the recorded rules of that version: buildah 1.28 does not key bind-mount sources', () => {
  const old = builderModel('buildah@1.28');
  assert.ok(old.ok && !old.model.keysBindSources);
  const now = builderModel('buildah@1.43');
  assert.ok(now.ok && now.model.keysBindSources);
  assert.ok(builderModel('buildkit@20.10').ok);
});

t('an unknown name or version says what is known', () => {
  const bad = builderModel('kaniko');
  assert.ok(!bad.ok && /buildkit, docker, buildah, podman/.test(bad.message));
  const ver = builderModel('buildah@1.10');
  assert.ok(!ver.ok && /known versions are 1.43, 1.28/.test(ver.message));
});

t('an installed version maps to the newest recorded model not newer than it', () => {
  assert.is(modelForInstalled('buildah', '1.28.2').spec, 'buildah@1.28');
  assert.is(modelForInstalled('buildah', '1.44.0').spec, 'buildah@1.43');
  assert.is(modelForInstalled('buildkit', '28.5.2').spec, 'buildkit@28.5');
  assert.is(modelForInstalled('buildkit', '20.10.24').spec, 'buildkit@20.10');
  assert.ok(compareVersions('1.28.2', '1.43') < 0);
});

t.run();
