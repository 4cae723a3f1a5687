/** `.layerplan.json`: defaults, paths relative to the file, and errors that name the file and the field. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, readConfig } from '../../src/project/config.js';

const t = suite('project/config');

/** A config file at `<root>/<sub>/.layerplan.json`, as `--config` may point anywhere. */
function configIn(sub: string, text: string): { root: string; file: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'lp-config-'));
  const file = path.join(root, sub, '.layerplan.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return { root, file };
}

function errorOf(file: string, root: string): string {
  try {
    readConfig(file, root);
  } catch (err) {
    assert.instance(err, ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

t('no file: every Dockerfile with its own folder, no rules changed, BuildKit', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'lp-config-'));
  assert.equal(readConfig(path.join(root, '.layerplan.json'), root), { dockerfiles: [], exclude: [], rules: new Map(), builder: 'buildkit' });
});

t('paths are relative to the config file (here in ci/); the context defaults to the Dockerfile\'s folder; rule ids any case', () => {
  const { root, file } = configIn('ci', JSON.stringify({
    dockerfiles: [{ file: '../docker/api.Dockerfile', context: '..' }, { file: '../svc/web/Dockerfile' }, { file: 'Dockerfile.ci' }],
    exclude: ['vendor/'],
    rules: { lp301: 'off', LP201: 'error' },
    builder: 'buildah',
  }));
  const c = readConfig(file, root);
  assert.equal(c.dockerfiles, [{ file: 'docker/api.Dockerfile', context: '' }, { file: 'svc/web/Dockerfile', context: 'svc/web' }, { file: 'ci/Dockerfile.ci', context: 'ci' }]);
  assert.equal([...c.rules], [['LP301', 'off'], ['LP201', 'error']]);
  assert.is(c.builder, 'buildah');
});

t('errors name the file and the field, and say what to do', () => {
  const cases: [string, RegExp][] = [
    ['{', /not valid JSON .*fix it or delete it/],
    ['[]', /must be a JSON object/],
    ['{"rules":["LP301"]}', /rules must be an object of rule ids/],
    ['{"dockerfiles":{}}', /dockerfiles must be an array/],
    ['{"dockerfiles":[{"context":"."}]}', /dockerfiles\[0\]\.file must be a path/],
    ['{"exclude":[1]}', /exclude\[0\] must be a pattern/],
    ['{"exclude":["ok","!"]}', /exclude\[1\] "!" is not a valid pattern \(illegal exclusion pattern "!"\); fix or remove it/],
    ['{"rules":{"LP301":"loud"}}', /rules\.LP301 must be one of off, error, warning, info/],
    ['{"builder":"kaniko"}', /builder must be "buildkit" or "buildah"/],
  ];
  for (const [text, want] of cases) {
    const { root, file } = configIn('', text);
    const message = errorOf(file, root);
    assert.ok(message.startsWith(`${file}: `), message);
    assert.match(message, want);
  }
});

t.run();
