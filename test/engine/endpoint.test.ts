import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineEndpoint, engineLabel } from '../../src/engine/index.js';

// A config written by `docker context create xx --docker host=unix:///tmp/d28/docker.sock && docker context use xx` (Docker 28.5).
const here = path.dirname(fileURLToPath(import.meta.url));
const config = path.resolve(here, '../../../test/fixtures/docker-config');
const none = () => null;

test('DOCKER_HOST: unix, tcp, default socket, and what cannot be reached', () => {
  assert.equal(engineEndpoint({ HOME: '/nonexistent' }, none), { kind: 'unix', socketPath: '/var/run/docker.sock', display: 'unix:///var/run/docker.sock', context: 'default' });
  assert.equal(engineEndpoint({ DOCKER_HOST: 'tcp://127.0.0.1:2375' }), { kind: 'tcp', host: '127.0.0.1', port: 2375, display: 'tcp://127.0.0.1:2375', context: 'default' });
  assert.match(String(engineEndpoint({ DOCKER_HOST: 'ssh://me@host' })), /DOCKER_HOST=ssh:\/\/me@host is not a unix:\/\/ or tcp:\/\//);
  assert.match(String(engineEndpoint({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' })), /needs TLS/);
});

test('the current context of config.json names the engine, as `docker context use` left it', () => {
  const e = engineEndpoint({ DOCKER_CONFIG: config });
  assert.equal(e, { kind: 'unix', socketPath: '/tmp/d28/docker.sock', display: 'unix:///tmp/d28/docker.sock', context: 'xx' });
  assert.is(typeof e === 'string' ? e : engineLabel(e), 'unix:///tmp/d28/docker.sock (Docker context xx)');
});

test('DOCKER_HOST wins over the current context; DOCKER_CONTEXT wins over config.json', () => {
  assert.equal(engineEndpoint({ DOCKER_CONFIG: config, DOCKER_HOST: 'unix:///run/other.sock' }), { kind: 'unix', socketPath: '/run/other.sock', display: 'unix:///run/other.sock', context: 'default' });
  assert.equal(engineEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'default' }), { kind: 'unix', socketPath: '/var/run/docker.sock', display: 'unix:///var/run/docker.sock', context: 'default' });
  assert.match(String(engineEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'gone' })), /the Docker context "gone" is not in .*docker context ls/);
});

test('a context with TLS material, an ssh context and a broken meta.json say why they cannot be used', () => {
  const meta = (host: string) => JSON.stringify({ Name: 'c', Endpoints: { docker: { Host: host } } });
  const files = (entries: Record<string, string>) => (f: string) => {
    const hit = Object.entries(entries).find(([k]) => f.endsWith(k));
    return hit ? hit[1] : null;
  };
  const env = { DOCKER_CONFIG: '/cfg', DOCKER_CONTEXT: 'c' };
  assert.match(String(engineEndpoint(env, files({ 'meta.json': meta('tcp://h:2376'), 'docker/ca.pem': 'x' }))), /"c" uses TLS \(tcp:\/\/h:2376\)/);
  assert.match(String(engineEndpoint(env, files({ 'meta.json': meta('ssh://me@h') }))), /the Docker context "c" \(ssh:\/\/me@h\) is not a unix/);
  assert.match(String(engineEndpoint(env, files({ 'meta.json': '{' }))), /has no docker endpoint/);
  assert.equal(engineEndpoint(env, files({ 'meta.json': meta('tcp://h:2375') })), { kind: 'tcp', host: 'h', port: 2375, display: 'tcp://h:2375', context: 'c' });
});

test.run();
