import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkChange, ids, lint, type FakeRepo } from './rule-harness.js';
import { realSpec } from '../_helpers/real-sources.js';

/**
 * Every rule fires, and stays silent, on real repositories' Dockerfiles (named with their commits in
 * test/fixtures/real/SOURCES.txt, read from git copies of those repositories: test/_helpers/real-sources.ts). The
 * contexts are the repositories' file layouts at those commits, reduced to what the rule reads; contents
 * are stand-ins. Cases found by reviewing `layerplan lint`, and `check --strict` over their histories
 * (scripts/replay-history.mjs).
 */
const SUITE = 'rules/real-dockerfiles';
const t = suite(SUITE);
const spec = realSpec(t, SUITE);
const only = (id: string, found: ReturnType<typeof lint>) => found.filter((f) => f.ruleId === id);

// ---- LP001 unplannable ------------------------------------------------------------------------------------

spec(['dive-invalid', 'dive'], 'LP001 fires on wagoodman/dive\'s deliberately invalid test Dockerfile, not on its real one', (invalid, dive) => {
  const found = lint(invalid);
  assert.equal(found.map((f) => [f.ruleId, f.line]), [['LP001', 2]]);
  assert.match(found[0]?.message ?? '', 'INVALID');
  assert.not.ok(ids(lint(dive, { files: { '.dockerignore': '*\n!dive\n', dive: 'ELF' } })).includes('LP001'));
});

// ---- LP101 broad-copy-before-install ------------------------------------------------------------------------

const gettingStarted: FakeRepo = {
  files: {
    'requirements.txt': 'mkdocs\n', 'mkdocs.yml': 'site_name: x\n', 'docs/index.md': '# hi\n',
    'app/package.json': '{}', 'app/yarn.lock': '', 'app/src/index.js': 'x', 'app/spec/persistence/sqlite.spec.js': 'test()',
  },
};

spec(['getting-started'], 'LP101/LP110 stay silent on docker/getting-started: a spec edit is a real rebuild, but no step can move and no manifest lives in app/spec', (df) => {
  const after = { files: { ...gettingStarted.files, 'app/spec/persistence/sqlite.spec.js': 'test() // edit' } };
  const found = checkChange([df, gettingStarted], [df, after]);
  // RUN yarn install (stage test) and RUN apk add zip && zip -r /app.zip /app (stage app-zip-creator) are
  // rebuilt by COPY app/spec in stage app-base: another stage, and the zip reads those very files.
  assert.equal(ids(found).filter((id) => id === 'LP110' || id === 'LP101'), []);
  assert.not.ok(found.some((f) => f.fix.includes('app/spec/package.json')));
  assert.equal(ids(lint(df, gettingStarted)).filter((id) => id.startsWith('LP1')), []);
});

spec(['voting-worker'], 'LP101 stays silent on example-voting-app worker: COPY *.csproj . before dotnet restore is the manifests-first order', (df) => {
  const found = lint(df, { files: { 'Worker.csproj': '<x/>', 'Program.cs': 'x', '.dockerignore': 'bin\n' } });
  assert.not.ok(ids(found).includes('LP101'), JSON.stringify(found));
});

// excalidraw/excalidraw at 4872083c04: a yarn workspace (excalidraw-app, packages/*), `COPY . .` then a bare
// `yarn --frozen-lockfile`. The install does rebuild on every edit (LP101 is right), but copying only the top
// package.json and yarn.lock first would make the frozen install fail: the fix must not promise a rewrite.
const excalidraw: FakeRepo = {
  files: {
    '.dockerignore': '*\n!package.json\n!yarn.lock\n!excalidraw-app/\n!packages/\n**/node_modules\n',
    'package.json': '{"workspaces":["excalidraw-app","packages/*"]}', 'yarn.lock': '',
    'excalidraw-app/package.json': '{}', 'excalidraw-app/index.tsx': 'x',
    'packages/common/package.json': '{}', 'packages/common/src/a.ts': 'x', 'packages/common/node_modules/dep/package.json': '{}',
  },
};

spec(['excalidraw'], 'LP101 fires on excalidraw: a bare `yarn --frozen-lockfile` after COPY . . is an install; the workspace keeps it from an automatic rewrite', (df) => {
  const found = only('LP101', lint(df, excalidraw));
  assert.equal(found.map((f) => f.line), [5]);
  assert.match(found[0]?.fix ?? '', 'not rewritten automatically');
  assert.match(found[0]?.fix ?? '', '2 yarn manifests below the top (excalidraw-app/package.json, packages/common/package.json');
  assert.not.match(found[0]?.fix ?? '', 'layerplan fix');
});

spec(['excalidraw'], 'LP101 on excalidraw without the workspaces: the same Dockerfile gets the rewrite `layerplan fix` applies', (df) => {
  const single = { files: { 'package.json': '{}', 'yarn.lock': '', 'src/index.tsx': 'x', '.dockerignore': 'node_modules\n' } };
  const found = lint(df, single).find((f) => f.ruleId === 'LP101');
  assert.match(found?.fix ?? '', 'COPY package.json yarn.lock ./');
  assert.match(found?.fix ?? '', '`layerplan fix` rewrites it');
});

// ---- LP102 apt-update-alone -----------------------------------------------------------------------------------

// KeySpot/cli-tool-ppa: FROM ubuntu, COPY . . of the whole repository (no .dockerignore, .git beside it), then
// `RUN apt-get update -y` and `RUN apt-get -y install git wget dpkg-dev apt-utils gnupg` apart.
const keyspot: FakeRepo = {
  files: { 'update.sh': '#!/bin/sh\n', 'README.md': '# ppa\n', 'keyspot.list': 'deb x\n', Packages: 'Package: keyspot\n', 'KEY.gpg': 'k' },
  topNames: ['.git', '.gitignore', 'Dockerfile', 'README.md', 'update.sh', 'keyspot.list', 'Packages', 'KEY.gpg'],
};

spec(['keyspot'], 'LP101 fires on KeySpot/cli-tool-ppa: COPY . . above the apt-get install; the lone `RUN apt-get update -y` moves up with it', (df) => {
  const found = only('LP101', lint(df, keyspot));
  assert.equal(found.map((f) => f.line), [3]);
  assert.match(found[0]?.fix ?? '', /^move lines 4 and 5 \(RUN apt-get update -y; RUN apt-get -y install git wget dpkg-de…\) above line 3$/);
});

spec(['keyspot'], 'LP110 fires on KeySpot/cli-tool-ppa: a README edit reinstalls the packages; the fix moves the update with the install', (df) => {
  const after = { ...keyspot, files: { ...keyspot.files, 'README.md': '# ppa, edited\n' } };
  const found = only('LP110', checkChange([df, keyspot], [df, after]));
  assert.equal(found.map((f) => [f.line, f.files]), [[5, ['README.md']]]);
  assert.match(found[0]?.fix ?? '', /^move lines 4 and 5 \(.*\) above line 3: it needs nothing from the context\nor add to \.dockerignore:\nREADME\.md$/);
});

spec(['keyspot'], 'LP102 fires on KeySpot/cli-tool-ppa: `RUN apt-get update -y` is a layer of its own above the install', (df) => {
  const found = only('LP102', lint(df, keyspot));
  assert.equal(found.map((f) => f.line), [4]);
  assert.match(found[0]?.fix ?? '', 'merge line 4 and line 5');
});

spec(['sheplu-ubuntu'], 'LP102 stays silent on sheplu/docker-safe-images: update && upgrade && ... && rm -rf /var/lib/apt/lists/* leaves no index to go stale', (df) => {
  assert.equal(only('LP102', lint(df)), []);
});

spec(['compose-mongo-backend', 'voting-vote'], 'LP102 stays silent on a heredoc RUN that updates and installs (awesome-compose) and on `update && install` (example-voting-app vote)', (mongo, vote) => {
  const node = { files: { 'package.json': '{}', 'package-lock.json': '{}', 'server.js': 'x', '.dockerignore': 'node_modules\n' } };
  assert.equal(only('LP102', lint(mongo, node)), []);
  assert.equal(only('LP102', lint(vote, { files: { 'requirements.txt': 'flask\n', 'app.py': 'x' } })), []);
});

// ---- LP110 broad-copy-bust -----------------------------------------------------------------------------------

// docker/awesome-compose vuejs: COPY . . then RUN yarn global add @vue/cli and RUN yarn install.
const vuejs: FakeRepo = {
  files: { 'package.json': '{}', 'yarn.lock': '', 'README.md': '# vuejs\n', 'babel.config.js': 'x', 'public/index.html': '<p>', 'src/main.js': 'x', 'src/App.vue': 'x' },
};

spec(['compose-vuejs'], 'LP110 fires on awesome-compose vuejs: a README edit reruns `yarn install`, which reads only the manifests', (df) => {
  const after = { files: { ...vuejs.files, 'README.md': '# vuejs, edited\n' } };
  const found = only('LP110', checkChange([df, vuejs], [df, after]));
  assert.equal(found.map((f) => [f.line, f.files]), [[10, ['README.md']]]);
  assert.match(found[0]?.fix ?? '', 'README.md');
});

spec(['compose-vuejs'], 'LP110 stays silent on awesome-compose vuejs when package.json changes: the install needs it', (df) => {
  const after = { files: { ...vuejs.files, 'package.json': '{"dependencies":{"vue":"3"}}' } };
  assert.equal(only('LP110', checkChange([df, vuejs], [df, after])), []);
});

// ---- LP111 edit-busts-expensive-step -----------------------------------------------------------------------

spec(['voting-worker-before', 'voting-worker-after'], 'LP111 stays silent on example-voting-app worker: editing the restore RUN rebuilds the publish that needs it', (before, after) => {
  const repo = { files: { 'Worker.csproj': '<x/>', 'Program.cs': 'x' } };
  const found = checkChange([before, repo], [after, repo]);
  assert.not.ok(ids(found).includes('LP111'), JSON.stringify(found));
});

spec(['umami-before', 'umami-after'], 'LP111 fires on umami: a changed ARG PRISMA_VERSION rebuilds the pnpm/curl install that does not use it', (before, after) => {
  const repo = (proxy: string) => ({ files: { 'package.json': '{}', 'pnpm-lock.yaml': '', [proxy]: 'x', 'src/a.ts': 'x', 'prisma/schema.prisma': 'x', 'scripts/s.js': 'x', '.dockerignore': 'node_modules\n' } });
  const found = checkChange([before, repo('docker/middleware.ts')], [after, repo('docker/proxy.ts')]);
  const hit = found.find((f) => f.ruleId === 'LP111');
  assert.ok(hit, JSON.stringify(found));
  assert.is(hit.line, 40);
  assert.match(hit.message, 'PRISMA_VERSION changed on line 31');
  assert.match(hit.fix, 'move line 31 below line 40');
});

// ---- LP201 no-dockerignore -----------------------------------------------------------------------------------

spec(['keyspot'], 'LP201 fires on KeySpot/cli-tool-ppa: no .dockerignore, COPY . . of a folder holding .git', (df) => {
  const found = only('LP201', lint(df, keyspot));
  assert.equal(found.map((f) => [f.line, f.files]), [[1, ['.git']]]);
});

spec(['excalidraw', 'compose-vuejs'], 'LP201 stays silent with a .dockerignore (excalidraw), and without one where the context has nothing heavy (awesome-compose vuejs/vuejs)', (ex, vue) => {
  assert.equal(only('LP201', lint(ex, { ...excalidraw, topNames: ['.git', 'node_modules', '.dockerignore', 'package.json'] })), []);
  assert.equal(only('LP201', lint(vue, { ...vuejs, topNames: ['Dockerfile', 'README.md', 'babel.config.js', 'package.json', 'public', 'src', 'yarn.lock'] })), []);
});

// ---- LP202 copy-source-ignored -------------------------------------------------------------------------------

// VoltCyclone/PCILeechFWGenerator before c804ffc ("Update .dockerignore (#6)"): the Containerfile copies
// ./requirements-test.txt in both stages, and .dockerignore excludes it; the commit commented that line out.
const pcileech = (ignore: string): FakeRepo => ({
  files: {
    '.dockerignore': ignore, 'requirements-test.txt': 'pytest\n', 'requirements.txt': 'x\n', 'generate.py': 'x', 'README.md': '# x\n',
    'src/donor_dump/Makefile': 'all:\n', 'src/build.py': 'x', 'src/tui/main.py': 'x', 'tests/test_a.py': 'x',
  },
});

spec(['pcileech', 'pcileech-ignore'], 'LP202 fires on PCILeechFWGenerator before c804ffc: .dockerignore excludes requirements-test.txt, which both stages COPY', (df, ignore) => {
  const found = only('LP202', lint(df, pcileech(ignore)));
  assert.equal(found.map((f) => [f.line, f.severity]), [[26, 'error'], [68, 'error']]);
  assert.match(found[0]?.message ?? '', 'requirements-test.txt');
});

spec(['pcileech', 'pcileech-ignore-fixed'], 'LP202 stays silent at c804ffc, and on COPY ./src whose src/tui/ alone is excluded', (df, ignore) => {
  assert.equal(only('LP202', lint(df, pcileech(ignore))), []);
});

// ---- LP203 local-file-mode -----------------------------------------------------------------------------------

// example-voting-app vote/Dockerfile, checked out under umask 002 (files 664) and under umask 022 (644, as CI).
const vote = (mode: number): FakeRepo => ({
  files: { 'requirements.txt': 'flask\n', 'app.py': 'x', 'templates/index.html': '<p>', 'static/stylesheets/style.css': 'p{}' },
  localModes: { 'requirements.txt': mode, 'app.py': mode, 'templates/index.html': mode, 'static/stylesheets/style.css': mode },
});

spec(['voting-vote'], 'LP203 fires on example-voting-app vote in a checkout with group-writable files: each named once, at its first COPY', (df) => {
  const found = only('LP203', lint(df, vote(0o664)));
  assert.equal(found.map((f) => [f.line, f.files]), [[13, ['requirements.txt']], [26, ['app.py', 'static/stylesheets/style.css', 'templates/index.html']]]);
});

spec(['voting-vote'], 'LP203 stays silent on example-voting-app vote in a checkout with 644 files', (df) => {
  assert.equal(only('LP203', lint(df, vote(0o644))), []);
});

// ---- LP301 unpinned-base-image -------------------------------------------------------------------------------

spec(['buildx', 'buildx-demo-simple1'], 'LP301 stays silent on docker/buildx (FROM binaries-$TARGETOS names a stage); fires on its demo FROM alpine', (df, demo) => {
  const found = lint(df, { files: { 'go.mod': 'module x\n', '.dockerignore': 'bin\n' } });
  assert.not.ok(found.some((f) => f.ruleId === 'LP301' && f.message.includes('binaries-')), JSON.stringify(only('LP301', found)));
  assert.equal(ids(lint(demo)).filter((id) => id === 'LP301'), ['LP301']);
});

// jupyter/docker-stacks: each image is FROM $BASE_IMAGE, ARG BASE_IMAGE=$REGISTRY/$OWNER/base-notebook, the image the
// same pipeline builds just before (Makefile, docker-build-test-upload.yml): the chain is the design, no tag to pin.
spec(['jupyter-minimal'], 'LP301 stays silent on jupyter/docker-stacks\' FROM $BASE_IMAGE (a default without a tag names the image built before it)', (df) => {
  assert.equal(only('LP301', lint(df)), []);
});

spec(['dive-example', 'dive'], 'LP301 fires on dive\'s FROM busybox:latest, not on its FROM alpine:3.21', (example, dive) => {
  assert.equal(only('LP301', lint(example)).map((f) => f.line), [1]);
  assert.equal(only('LP301', lint(dive)), []);
});

spec(['gofunky-git', 'umami-after'], 'LP301 fires on gofunky/git\'s FROM alpine:${ALPINE} with ARG ALPINE=latest, pinning the default; silent on umami\'s node:${NODE_IMAGE_VERSION}="22-alpine"', (df, umami) => {
  const found = only('LP301', lint(df));
  assert.equal(found.map((f) => f.line), [2]);
  assert.match(found[0]?.message ?? '', 'latest tag');
  assert.is(found[0]?.fix, 'pin a version in the default of ALPINE, line 1 (ARG ALPINE=latest): ARG ALPINE=<version> (a --build-arg still overrides it)');
  assert.equal(only('LP301', lint(umami)), []);
});

// ---- LP302 add-url-without-checksum --------------------------------------------------------------------------

// example-voting-app result/Dockerfile: tini from its release URL, until 3ccc624 ("update result node.js deps
// for multi-arch") installed it with apt instead.
spec(['voting-result-tini', 'voting-result'], 'LP302 fires on example-voting-app result\'s ADD of tini\'s URL, and is silent once tini comes from apt', (before, after) => {
  const found = only('LP302', lint(before));
  assert.equal(found.map((f) => f.line), [11]);
  assert.match(found[0]?.fix ?? '', 'ADD --checksum=sha256:<digest> https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini');
  assert.equal(only('LP302', lint(after)), []);
});

// gjrtimmer/docker: ADD https://dl.min.io/client/mc/release/linux-${TARGETARCH}/mc, built for several platforms.
spec(['gjrtimmer-docker'], 'LP302 fires on gjrtimmer/docker\'s ADD of a URL holding ${TARGETARCH}; the fix pins per platform, not this platform\'s file', (df) => {
  const found = only('LP302', lint(df));
  assert.equal(found.map((f) => f.line), [27]);
  const fix = found[0]?.fix ?? '';
  assert.match(fix, 'pin it per platform: the URL depends on TARGETARCH');
  assert.match(fix, 'ADD --checksum=$SHA256 https://dl.min.io/client/mc/release/linux-${TARGETARCH}/mc /usr/bin/mc');
  assert.not.match(fix, '--checksum=sha256:<digest> https://dl.min.io/client/mc/release/linux-amd64');
});

spec(['buildx-lint'], 'LP302 stays silent on docker/buildx lint.Dockerfile: ADD of a git repository is keyed by its commit', (df) => {
  assert.equal(only('LP302', lint(df, { files: { 'go.mod': 'module x\n', '.dockerignore': 'bin\n' } })), []);
});

// ---- LP303 volatile-arg-early --------------------------------------------------------------------------------

spec(['gofunky-git'], 'LP303 fires on gofunky/git: ARG BUILD_DATE and VCS_REF above RUN apk add, used only by the LABEL below it', (df) => {
  const found = only('LP303', lint(df));
  assert.equal(found.map((f) => f.line), [6, 7]);
  assert.match(found[0]?.fix ?? '', 'move line 6 (ARG BUILD_DATE) below line 9');
});

// jnovack/whoami build/package/Dockerfile: ARG REVISION (CI passes github.sha), then ARG GO_LDFLAGS="... Revision=${REVISION}",
// then RUN go build -ldflags "${GO_LDFLAGS}": the build uses REVISION through GO_LDFLAGS, and moving it would stamp no revision.
spec(['jnovack-whoami'], 'LP303 stays silent on jnovack/whoami: the go build reads ARG REVISION through ARG GO_LDFLAGS', (df) => {
  assert.equal(only('LP303', lint(df, { files: { 'go.mod': 'module x\n', 'go.sum': '', 'cmd/whoami/main.go': 'x' } })), []);
});

spec(['gjrtimmer-docker'], 'LP303 stays silent on gjrtimmer/docker: ARG BUILD_DATE and VCS_REF come after every RUN, beside the LABELs', (df) => {
  assert.equal(only('LP303', lint(df)), []);
});

t.run();
