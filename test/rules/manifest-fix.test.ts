import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildStageGraph, evaluateStages, type Step } from '../../src/graph/index.js';
import { parseDockerfile } from '../../src/parse/index.js';
import { ECOSYSTEMS, type Ecosystem } from '../../src/rules/expense.js';
import { manifestCopyLine, nestedManifests, presentManifests } from '../../src/rules/manifest-fix.js';
import { factsOf, type FakeRepo } from './rule-harness.js';

const t = suite('rules/manifest-fix');

function copyStep(copy: string): Step {
  const parsed = parseDockerfile(`FROM node:20\nWORKDIR /app\n${copy}\n`);
  const graph = buildStageGraph(parsed, { buildArgs: new Map(), target: null });
  if (!graph.ok) throw new Error('bad graph');
  const steps = evaluateStages(graph.graph, { buildArgs: new Map(), platformArgs: new Map(), escape: parsed.directives.escape });
  const step = steps[0]?.find((s) => s.op.kind === 'copy');
  if (!step) throw new Error('no COPY');
  return step;
}

const eco = (name: string): Ecosystem => {
  const found = ECOSYSTEMS.find((e) => e.name === name);
  if (!found) throw new Error(name);
  return found;
};

// An npm workspace as monorepos lay it out: the top manifest, workspaces in apps/ and packages/, installed and
// vendored dependencies with manifests of their own, and names that only end like a manifest.
const workspace: FakeRepo = {
  files: {
    'package.json': '{"workspaces":["apps/*","packages/*"]}', 'package-lock.json': '{}',
    'apps/web/package.json': '{}', 'apps/web/src/index.ts': 'x',
    'packages/ui/package.json': '{}', 'packages/ui/deep/er/package.json': '{}',
    'packages/ui/node_modules/react/package.json': '{}', 'node_modules/left-pad/package.json': '{}',
    'vendor/lib/package.json': '{}', 'tools/bin/package.json': '{}',
    'apps/web/old.package.json': '{}', 'apps/web/package.json.bak': '{}', 'apps/xpackage.json': '{}',
    'docs/README.md': 'x',
  },
};

t('nestedManifests finds every workspace manifest below the top, sorted, outside dependency folders', () => {
  assert.equal(nestedManifests(eco('npm'), copyStep('COPY . .'), factsOf(workspace)), ['apps/web/package.json', 'packages/ui/deep/er/package.json', 'packages/ui/package.json']);
});

t('nestedManifests below a copied folder: only that folder, and its own top manifest is not nested', () => {
  assert.equal(nestedManifests(eco('npm'), copyStep('COPY packages/ ./'), factsOf(workspace)), ['packages/ui/deep/er/package.json', 'packages/ui/package.json']);
  assert.equal(nestedManifests(eco('npm'), copyStep('COPY ./packages/ui .'), factsOf(workspace)), ['packages/ui/deep/er/package.json']);
  assert.equal(nestedManifests(eco('npm'), copyStep('COPY apps/web .'), factsOf(workspace)), []);
});

t('nestedManifests: a folder named like a manifest, several sources and pip requirements are no workspace', () => {
  const repo: FakeRepo = { files: { 'package.json': '{}', 'a/package.json/x': 'x', 'docs/requirements.txt': 'x', 'requirements.txt': 'x' } };
  assert.equal(nestedManifests(eco('npm'), copyStep('COPY . .'), factsOf(repo)), []);
  assert.equal(nestedManifests(eco('pip'), copyStep('COPY . .'), factsOf(repo)), []);
  assert.equal(nestedManifests(eco('npm'), copyStep('COPY src lib ./'), factsOf(workspace)), []);
});

t('nestedManifests matches a glob manifest (dotnet *.csproj) by name', () => {
  const repo: FakeRepo = { files: { 'App.sln': 'x', 'src/App/App.csproj': 'x', 'src/App/bin/Old.csproj': 'x', 'src/App/App.csproj.user': 'x' } };
  assert.equal(nestedManifests(eco('dotnet'), copyStep('COPY . .'), factsOf(repo)), ['src/App/App.csproj']);
});

t('presentManifests: plain names looked up at the top, globs matched only directly in the copied folder, in manifest order', () => {
  const repo: FakeRepo = { files: { 'requirements-dev.txt': 'x', 'requirements.txt': 'x', 'constraints.txt': 'x', 'docs/requirements.txt': 'x', 'app/requirements.txt': 'x' } };
  assert.equal(presentManifests(eco('pip'), copyStep('COPY . .'), factsOf(repo)), ['requirements-dev.txt', 'requirements.txt', 'constraints.txt']);
  assert.equal(presentManifests(eco('pip'), copyStep('COPY app/ .'), factsOf(repo)), ['app/requirements.txt']);
  assert.equal(presentManifests(eco('npm'), copyStep('COPY . .'), factsOf(workspace)), ['package.json', 'package-lock.json']);
  assert.equal(presentManifests(eco('npm'), copyStep('COPY apps/web ./'), factsOf(workspace)), ['apps/web/package.json']);
});

t('manifestCopyLine keeps the broad COPY flags and names the copied folder', () => {
  assert.is(manifestCopyLine(eco('npm'), copyStep('COPY --chown=node apps/web ./'), factsOf(workspace)), 'COPY --chown=node apps/web/package.json ./');
});

// dockersamples/atsea-sample-shop-app (fb55ebd6, app/Dockerfile): `COPY react-app .` then `RUN npm install`, with a
// yarn.lock and no npm lockfile. npm 7+ resolves from yarn.lock then, so a rewrite copying package.json alone
// installed other versions; the real-build check (conformance/fix-real-repos) showed the install reading it.
t('an npm install reads yarn.lock when there is no npm lockfile: the manifests COPY brings it', () => {
  const repo: FakeRepo = { files: { 'react-app/package.json': '{}', 'react-app/yarn.lock': '', 'react-app/src/index.js': 'x' } };
  assert.equal(presentManifests(eco('npm'), copyStep('COPY react-app .'), factsOf(repo)), ['react-app/package.json', 'react-app/yarn.lock']);
  assert.is(manifestCopyLine(eco('npm'), copyStep('COPY react-app .'), factsOf(repo)), 'COPY react-app/package.json react-app/yarn.lock ./');
});

t.run();
