import { readFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkChange, ids, lint } from './rule-harness.js';

/**
 * Fires / does-not-fire specs from real repositories' Dockerfiles (copied into
 * test/fixtures/real, commits in SOURCES.txt), the cases found by replaying
 * their histories through `check --strict` (scripts/replay-history.mjs).
 */
const t = suite('rules/real-dockerfiles');
const real = (name: string): string => readFileSync(path.resolve('test/fixtures/real', name), 'utf8');

const gettingStarted = {
  files: {
    'requirements.txt': 'mkdocs\n', 'mkdocs.yml': 'site_name: x\n', 'docs/index.md': '# hi\n',
    'app/package.json': '{}', 'app/yarn.lock': '', 'app/src/index.js': 'x', 'app/spec/persistence/sqlite.spec.js': 'test()',
  },
};

t('docker/getting-started: a spec edit is a real rebuild, but no step can move and no manifest lives in app/spec', () => {
  const after = { files: { ...gettingStarted.files, 'app/spec/persistence/sqlite.spec.js': 'test() // edit' } };
  const found = checkChange([real('getting-started.Dockerfile'), gettingStarted], [real('getting-started.Dockerfile'), after]);
  // RUN yarn install (stage test) and RUN apk add zip && zip -r /app.zip /app (stage app-zip-creator) are
  // rebuilt by COPY app/spec in stage app-base: another stage, and the zip reads those very files.
  assert.equal(ids(found).filter((id) => id === 'LP110' || id === 'LP101'), []);
  assert.not.ok(found.some((f) => f.fix.includes('app/spec/package.json')));
});

t('docker/getting-started: lint has no install-order advice either', () => {
  assert.equal(ids(lint(real('getting-started.Dockerfile'), gettingStarted)).filter((id) => id.startsWith('LP1')), []);
});

t('dockersamples/example-voting-app worker: COPY *.csproj . before dotnet restore is the manifests-first order (LP101 silent)', () => {
  const found = lint(real('voting-worker.Dockerfile'), { files: { 'Worker.csproj': '<x/>', 'Program.cs': 'x', '.dockerignore': 'bin\n' } });
  assert.not.ok(ids(found).includes('LP101'), JSON.stringify(found));
});

t('dockersamples/example-voting-app worker: editing the restore RUN rebuilds the publish that needs it: no LP111', () => {
  const repo = { files: { 'Worker.csproj': '<x/>', 'Program.cs': 'x' } };
  const found = checkChange([real('voting-worker-before.Dockerfile'), repo], [real('voting-worker-after.Dockerfile'), repo]);
  assert.not.ok(ids(found).includes('LP111'), JSON.stringify(found));
});

t('umami: a changed ARG PRISMA_VERSION rebuilds the pnpm/curl install that does not use it (LP111 fires)', () => {
  const repo = (proxy: string) => ({ files: { 'package.json': '{}', 'pnpm-lock.yaml': '', [proxy]: 'x', 'src/a.ts': 'x', 'prisma/schema.prisma': 'x', 'scripts/s.js': 'x', '.dockerignore': 'node_modules\n' } });
  const found = checkChange([real('umami-before.Dockerfile'), repo('docker/middleware.ts')], [real('umami-after.Dockerfile'), repo('docker/proxy.ts')]);
  const hit = found.find((f) => f.ruleId === 'LP111');
  assert.ok(hit, JSON.stringify(found));
  assert.is(hit.line, 40);
  assert.match(hit.message, 'PRISMA_VERSION changed on line 31');
  assert.match(hit.fix, 'move line 31 below line 40');
});

t('docker/buildx: FROM binaries-$TARGETOS names a stage once TARGETOS is set (LP301 silent); FROM alpine fires', () => {
  const found = lint(real('buildx.Dockerfile'), { files: { 'go.mod': 'module x\n', '.dockerignore': 'bin\n' } });
  assert.not.ok(found.some((f) => f.ruleId === 'LP301' && f.message.includes('binaries-')), JSON.stringify(found.filter((f) => f.ruleId === 'LP301')));
  const demo = lint(real('buildx-demo-simple1.Dockerfile'));
  assert.equal(ids(demo).filter((id) => id === 'LP301'), ['LP301']);
});

// excalidraw/excalidraw at 4872083c04: a yarn workspace (excalidraw-app, packages/*), `COPY . .` then a bare
// `yarn --frozen-lockfile`. The install does rebuild on every edit (LP101 is right), but copying only the top
// package.json and yarn.lock first would make the frozen install fail: the fix must not promise a rewrite.
const excalidraw = {
  files: {
    '.dockerignore': '*\n!package.json\n!yarn.lock\n!excalidraw-app/\n!packages/\n**/node_modules\n',
    'package.json': '{"workspaces":["excalidraw-app","packages/*"]}', 'yarn.lock': '',
    'excalidraw-app/package.json': '{}', 'excalidraw-app/index.tsx': 'x',
    'packages/common/package.json': '{}', 'packages/common/src/a.ts': 'x', 'packages/common/node_modules/dep/package.json': '{}',
  },
};

t('excalidraw: a bare `yarn --frozen-lockfile` after COPY . . is an install (LP101 fires); the workspace keeps it from an automatic rewrite', () => {
  const found = lint(real('excalidraw.Dockerfile'), excalidraw).filter((f) => f.ruleId === 'LP101');
  assert.equal(found.map((f) => f.line), [5]);
  assert.match(found[0]?.fix ?? '', 'not rewritten automatically');
  assert.match(found[0]?.fix ?? '', '2 yarn manifests below the top (excalidraw-app/package.json, packages/common/package.json');
  assert.not.match(found[0]?.fix ?? '', 'layerplan fix');
});

t('excalidraw: without the workspaces, the same Dockerfile gets the rewrite `layerplan fix` applies', () => {
  const single = { files: { 'package.json': '{}', 'yarn.lock': '', 'src/index.tsx': 'x', '.dockerignore': 'node_modules\n' } };
  const found = lint(real('excalidraw.Dockerfile'), single).find((f) => f.ruleId === 'LP101');
  assert.match(found?.fix ?? '', 'COPY package.json yarn.lock ./');
  assert.match(found?.fix ?? '', '`layerplan fix` rewrites it');
});

t.run();
