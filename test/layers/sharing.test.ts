import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { BaseNote } from '../../src/layers/base-layers.js';
import { findSharing, type PlannedDockerfile } from '../../src/layers/sharing.js';
import type { RunRecord } from '../../src/store/types.js';
import { planOnce } from '../_helpers/plan.js';

const t = suite('layers/sharing');

const files = { 'package.json': '{"a":1}', 'src/index.js': 'x', 'requirements.txt': 'flask\n' };
const NODE_API = 'FROM node:20\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCOPY src/ ./src/\n';
// Same first four steps at other lines (a comment and a LABEL in between), then its own.
const NODE_WORKER = 'FROM node:20\n# the worker\nWORKDIR /app\nLABEL role=worker\nCOPY package.json ./\nRUN npm ci\nRUN npm run worker\n';
const NODE_CLI = 'FROM node:20\nWORKDIR /app\nRUN npm i -g tool\n';
const PYTHON = 'FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\n';

function planned(path: string, dockerfile: string, runs: RunRecord[] = []): PlannedDockerfile {
  return { path, plan: planOnce(dockerfile, files, runs).plan };
}

const layer = (digit: string, size: number | null, createdBy = `RUN ${digit}`) => ({ diffId: `sha256:${digit.repeat(64)}`, size, createdBy });
const local = (ref: string, layers: BaseNote['layers']): BaseNote => ({ ref, id: `sha256:${ref}`, note: null, present: true, layers, layersNote: null });
const ALPINE = layer('a', 5_000_000, 'ADD alpine-minirootfs.tar.gz /');

t('steps with equal keys form one run per set of Dockerfiles, each with its lines in every file', () => {
  const report = findSharing([planned('api/Dockerfile', NODE_API), planned('worker/Dockerfile', NODE_WORKER), planned('cli/Dockerfile', NODE_CLI)], []);
  assert.equal(report.sharedPrefixes.map((p) => [p.after, p.dockerfiles, p.steps.map((s) => [s.instruction, s.uses.map((u) => `${u.dockerfile}:${u.line}`)])]), [
    ['FROM node:20', ['api/Dockerfile', 'worker/Dockerfile', 'cli/Dockerfile'], [['WORKDIR /app', ['api/Dockerfile:2', 'worker/Dockerfile:3', 'cli/Dockerfile:2']]]],
    ['WORKDIR /app', ['api/Dockerfile', 'worker/Dockerfile'], [
      ['COPY package.json ./', ['api/Dockerfile:3', 'worker/Dockerfile:5']],
      ['RUN npm ci', ['api/Dockerfile:4', 'worker/Dockerfile:6']],
    ]],
  ]);
  assert.ok(report.sharedPrefixes.every((p) => p.steps.every((s) => !s.cached)), 'nothing built yet');
});

t('another base, or the same steps within one Dockerfile only, share nothing', () => {
  assert.equal(findSharing([planned('api/Dockerfile', NODE_API), planned('py/Dockerfile', PYTHON)], []).sharedPrefixes, []);
  const twoStages = 'FROM node:20 AS a\nWORKDIR /app\nFROM node:20\nWORKDIR /app\n';
  assert.equal(findSharing([planned('Dockerfile', twoStages)], []).sharedPrefixes, []);
});

t('a shared step an earlier run built is cached', () => {
  const first = planOnce(NODE_API, files, []);
  const runs = [first.run];
  const report = findSharing([planned('api/Dockerfile', NODE_API, runs), planned('worker/Dockerfile', NODE_WORKER, runs)], []);
  assert.equal(report.sharedPrefixes.flatMap((p) => p.steps.map((s) => s.cached)), [true, true, true]);
});

t('base layers: a layer in several Dockerfiles (through any base) saves size × (users − 1)', () => {
  const dockerfiles = [planned('api/Dockerfile', NODE_API), planned('worker/Dockerfile', NODE_WORKER), planned('py/Dockerfile', PYTHON)];
  const notes = [local('node:20', [ALPINE, layer('b', 40_000_000)]), local('python:3.12', [ALPINE, layer('c', 20_000_000)])];
  const report = findSharing(dockerfiles, notes);
  assert.equal(report.bases.map((b) => [b.base.ref, b.users.map((u) => `${u.dockerfile}:${u.line}`)]), [
    ['node:20', ['api/Dockerfile:1', 'worker/Dockerfile:1']],
    ['python:3.12', ['py/Dockerfile:1']],
  ]);
  assert.equal(report.sharedLayers.map((l) => [l.layer.diffId[7], l.dockerfiles.length, l.savedBytes]), [['a', 3, 10_000_000], ['b', 2, 40_000_000]]);
  assert.is(report.savedBytes, 50_000_000);
  assert.equal(report.unsized, []);
});

t('unknown layers or sizes are said, not counted', () => {
  const dockerfiles = [planned('api/Dockerfile', NODE_API), planned('worker/Dockerfile', NODE_WORKER), planned('py/Dockerfile', PYTHON)];
  const notes: BaseNote[] = [
    { ref: 'node:20', id: null, note: 'no engine', present: null, layers: null, layersNote: 'no Docker Engine at unix:///x.sock' },
    local('python:3.12', [layer('a', null), layer('c', null)]),
  ];
  const report = findSharing(dockerfiles, notes);
  assert.is(report.savedBytes, 0);
  assert.equal(report.sharedLayers, []);
  assert.equal(report.unsized, [
    { ref: 'node:20', dockerfiles: ['api/Dockerfile', 'worker/Dockerfile'], why: 'no Docker Engine at unix:///x.sock' },
    { ref: 'python:3.12', dockerfiles: ['py/Dockerfile'], why: 'its history does not pair with its layers' },
  ]);
  const twice = findSharing(dockerfiles.slice(0, 2), [local('node:20', [layer('b', null)])]);
  assert.equal(twice.sharedLayers.map((l) => l.savedBytes), [null], 'a shared layer of unknown size saves an unknown amount');
});

t.run();
