/** What --exec adds to docker build for a definition: named contexts, network, no-cache, ssh. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { definitionFlags, namedContextNote, planNetwork, plannedContexts } from '../../src/cli/commands/build-definitions.js';
import { readCompose } from '../../src/definitions/index.js';
import { byName } from '../definitions/_fixtures.js';

const t = suite('cli/definition-flags');

const COMPOSE = [
  'services:',
  '  app:',
  '    build:',
  '      context: ./app',
  '      additional_contexts:',
  '        shared: ../shared',
  '        alpine: docker-image://alpine:3',
  '        base: service:base',
  '      network: none',
  '      no_cache: true',
  '      ssh: [default]',
  '  base:',
  '    build:',
  '      context: ./base',
  '      network: my-net',
  '',
].join('\n');

const read = readCompose({ files: [{ path: '/p/compose.yaml', text: COMPOSE }], env: new Map(), profiles: [], readText: () => null });

t('named contexts as --build-context (another service\'s image has no flag), then network, no-cache, ssh', () => {
  assert.equal(definitionFlags(byName(read, 'app')), [
    '--build-context', 'shared=/shared', '--build-context', 'alpine=docker-image://alpine:3',
    '--network', 'none', '--no-cache', '--ssh', 'default',
  ]);
});

t('the plan keys RUN with none/host as set; a named compose network builds as the default; the flag wins', () => {
  assert.is(planNetwork('default', byName(read, 'app')), 'none');
  assert.is(planNetwork('default', byName(read, 'base')), 'default');
  assert.is(planNetwork('host', byName(read, 'app')), 'host');
});

t('the plan keys an image context and a folder that exists; the note names the rest', () => {
  const dir = mkdtempSync(`${tmpdir()}/lp-ctx-`);
  const defs = readCompose({ files: [{ path: '/p/compose.yaml', text: COMPOSE.replace('../shared', dir) }], env: new Map(), profiles: [], readText: () => null });
  assert.equal([...plannedContexts(byName(defs, 'app'))], [['shared', { kind: 'dir', path: dir }], ['alpine', { kind: 'image', ref: 'alpine:3' }]]);
  assert.match(namedContextNote(byName(defs, 'app')) ?? '', /^named contexts not planned: base \(/);
  assert.match(namedContextNote(byName(read, 'app')) ?? '', /not planned: shared, base/, 'a folder that is not there is not planned');
});

t.run();
