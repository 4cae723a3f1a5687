import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { pluginArgv } from '../../src/cli/docker-plugin.js';
import { repoRoot } from '../_helpers/cli.js';

const t = suite('cli/docker-plugin');
const plugin = path.join(repoRoot, 'bin', 'docker-layerplan');

t('answers docker-cli-plugin-metadata as the plugin protocol asks', () => {
  const r = spawnSync(process.execPath, [plugin, 'docker-cli-plugin-metadata'], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  const meta = JSON.parse(r.stdout) as Record<string, string>;
  assert.is(meta.SchemaVersion, '0.1.0');
  assert.is(meta.Vendor, 'layerplan');
  assert.match(meta.ShortDescription ?? '', /\S/);
});

t('docker build\'s command line becomes build --exec: plan flags to layerplan, the rest to the builder after --', () => {
  assert.equal(pluginArgv(['build', '-t', 'app', '--network=none', '-f', 'd/Dockerfile', '--build-arg', 'V=2', '--target', 'prod', '--push', '.']),
    ['build', '.', '--exec', '-f', 'd/Dockerfile', '--build-arg', 'V=2', '--target', 'prod', '--', '-t', 'app', '--network=none', '--push']);
  assert.equal(pluginArgv(['buildx', 'build', '--platform', 'linux/arm64', '--json', 'ctx']), ['build', 'ctx', '--exec', '--json', '--', '--platform', 'linux/arm64']);
  assert.equal(pluginArgv(['build', '.']), ['build', '.', '--exec']);
  assert.equal(pluginArgv(['explain', '.', '--json']), ['explain', '.', '--json'], 'other commands pass as they are');
});

t.run();
