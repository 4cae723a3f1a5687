/**
 * The bins start node through sh without NODE_EXTRA_CA_CERTS (Node 20 parses the CA bundle it names at every
 * start, ~70 ms, and layerplan opens no TLS connection), and the programs layerplan runs get it back.
 * Run as npm installs them: executed through a link, not as `node bin/layerplan`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../_helpers/cli.js';

const t = suite('bundle/launcher');

// A bundle that does not exist: Node warns about it at start, before any JavaScript, wherever it loads it.
const CA = '/nonexistent/layerplan-test-ca.pem';
const WARNING = 'Ignoring extra certs from';

function linked(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-launch-'));
  mkdirSync(path.join(dir, '.bin'));
  const link = path.join(dir, '.bin', name);
  symlinkSync(path.join(repoRoot, 'bin', name), link);
  return link;
}

function envWith(more: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...more };
  if (!('NODE_EXTRA_CA_CERTS' in more)) delete env.NODE_EXTRA_CA_CERTS;
  delete env.LAYERPLAN_NODE_EXTRA_CA_CERTS;
  return env;
}

t('node itself loads the bundle at start (the cost the bins avoid): it warns about a missing one', () => {
  const r = spawnSync(process.execPath, ['-e', '0'], { encoding: 'utf8', env: envWith({ NODE_EXTRA_CA_CERTS: CA }) });
  assert.ok(r.stderr.includes(WARNING), r.stderr);
});

t('layerplan and docker-layerplan, run through a link, start node without it', () => {
  for (const [name, args] of [['layerplan', ['--version']], ['docker-layerplan', ['docker-cli-plugin-metadata']]] as const) {
    const r = spawnSync(linked(name), args, { encoding: 'utf8', env: envWith({ NODE_EXTRA_CA_CERTS: CA }) });
    assert.is(r.status, 0, `${name}: ${r.stderr}`);
    assert.is(r.stderr, '', name);
    assert.ok(r.stdout.length > 0, name);
  }
});

t('the programs layerplan runs get NODE_EXTRA_CA_CERTS back as it was, and nothing when it was not set', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-launch-build-'));
  mkdirSync(path.join(dir, 'app'));
  writeFileSync(path.join(dir, 'app', 'Dockerfile'), 'FROM busybox:local\nRUN true\n');
  const log = path.join(dir, 'log');
  // A docker that says which CA variables it was given, and that no engine answers.
  const docker = path.join(dir, 'docker');
  writeFileSync(docker, `#!/bin/sh\necho "\${NODE_EXTRA_CA_CERTS-unset} \${LAYERPLAN_NODE_EXTRA_CA_CERTS-unset}" >> '${log}'\nexit 1\n`, { mode: 0o755 });
  const build = (more: Record<string, string>): string => {
    writeFileSync(log, '');
    const env = envWith({ ...more, LAYERPLAN_DOCKER: docker, LAYERPLAN_CACHE_DIR: path.join(dir, 'cache') });
    const r = spawnSync(linked('layerplan'), ['build', path.join(dir, 'app'), '--exec'], { encoding: 'utf8', env });
    assert.is(r.status, 3, r.stderr);
    assert.not.ok(r.stderr.includes(WARNING), r.stderr);
    return readFileSync(log, 'utf8').split('\n')[0] ?? '';
  };
  assert.is(build({ NODE_EXTRA_CA_CERTS: CA }), `${CA} unset`);
  assert.is(build({}), 'unset unset');
});

t.run();
