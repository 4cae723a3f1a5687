import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ids, lint, type FakeRepo } from './rule-harness.js';

const t = suite('rules/static');
const node = { files: { 'package.json': '{}', 'package-lock.json': '{}', 'src/index.js': 'x', '.dockerignore': 'node_modules\n' } };
const of = (id: string, dockerfile: string, repo: FakeRepo = node): string[] => ids(lint(dockerfile, repo)).filter((i) => i === id);

t('LP101 fires on COPY . . before npm ci, naming the manifests to copy first', () => {
  const f = lint('FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n', node).find((x) => x.ruleId === 'LP101');
  assert.ok(f);
  assert.is(f.line, 3);
  assert.match(f.fix, 'COPY package.json package-lock.json ./');
});

t('LP101 passes when manifests are copied and installed first', () => {
  assert.equal(of('LP101', 'FROM node:20\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n'), []);
});

t('LP101 fires on a system package install after COPY . .', () => {
  assert.equal(of('LP101', 'FROM debian:12\nCOPY . /src\nRUN apt-get update && apt-get install -y curl\n'), ['LP101']);
});

t('LP101 moves a lone `RUN apt-get update` along with the install; any other RUN between leaves no move to suggest', () => {
  const moved = lint('FROM debian:12\nCOPY . /src\nRUN apt-get update\nENV X=1\nRUN apt-get install -y curl\n', node).find((x) => x.ruleId === 'LP101');
  assert.is(moved?.fix, 'move lines 3 and 5 (RUN apt-get update; RUN apt-get install -y curl) above line 2');
  assert.equal(of('LP101', 'FROM debian:12\nCOPY . /src\nRUN apt-get update && make -C /src\nRUN apt-get install -y curl\n'), []);
  assert.equal(of('LP101', 'FROM debian:12\nCOPY . /src\nRUN cd /src && ./configure\nRUN apt-get install -y curl\n'), []);
});

t('LP102 fires on apt-get update in its own RUN, passes when combined', () => {
  assert.equal(of('LP102', 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n'), ['LP102']);
  assert.equal(of('LP102', 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n'), []);
  assert.equal(of('LP102', 'FROM debian:12\nRUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*\n'), []);
  const upgrade = lint('FROM debian:12\nRUN apt-get update\nRUN apt-get dist-upgrade -y\n', node).find((x) => x.ruleId === 'LP102');
  assert.match(upgrade?.fix ?? '', 'merge line 2 and line 3');
});

t('LP201 fires without .dockerignore when .git or node_modules is in the context', () => {
  const repo = { files: { 'a.txt': 'a' }, topNames: ['.git', 'node_modules', 'a.txt'] };
  const f = lint('FROM alpine:3.20\nCOPY . .\n', repo).find((x) => x.ruleId === 'LP201');
  assert.ok(f);
  assert.match(f.fix, 'node_modules');
});

t('LP201 passes with a .dockerignore, or when nothing heavy is there', () => {
  assert.equal(of('LP201', 'FROM alpine:3.20\nCOPY . .\n', { files: { 'a.txt': 'a', '.dockerignore': '.git\n' }, topNames: ['.git', 'a.txt', '.dockerignore'] }), []);
  assert.equal(of('LP201', 'FROM alpine:3.20\nCOPY . .\n', { files: { 'a.txt': 'a' }, topNames: ['a.txt'] }), []);
});

t('LP202 fires when a COPY source is excluded by .dockerignore, passes otherwise', () => {
  const repo = { files: { 'config/app.yml': 'x', 'src/a.js': 'a', '.dockerignore': 'config\n' } };
  const f = lint('FROM alpine:3.20\nCOPY config/app.yml /etc/\nCOPY src /src\n', repo).filter((x) => x.ruleId === 'LP202');
  assert.equal(f.map((x) => [x.line, x.severity]), [[2, 'error']]);
  assert.equal(of('LP202', 'FROM alpine:3.20\nCOPY src /src\n', repo), []);
});

t('LP203 fires on a copied file with group write bits, passes on 644 and with --chmod', () => {
  const repo = { files: { 'app.sh': 'x', 'lib.sh': 'y' }, localModes: { 'app.sh': 0o664, 'lib.sh': 0o644 } };
  const f = lint('FROM alpine:3.20\nCOPY . /app\n', repo).find((x) => x.ruleId === 'LP203');
  assert.equal(f?.files, ['app.sh']);
  assert.equal(of('LP203', 'FROM alpine:3.20\nCOPY lib.sh /app/\n', repo), []);
  assert.equal(of('LP203', 'FROM alpine:3.20\nCOPY --chmod=644 . /app\n', repo), []);
});

t('LP301 fires on no tag and on latest, passes on a version or digest', () => {
  assert.equal(of('LP301', 'FROM node\nFROM node:latest\n'), ['LP301', 'LP301']);
  assert.equal(of('LP301', 'FROM node:20\nFROM node@sha256:abcd\nFROM localhost:5000/img:1\nFROM scratch\n'), []);
});

t('LP301 on a FROM built from an ARG: a written latest pins the default; an untagged default or no default is silent (the build chooses)', () => {
  const fromArg = lint('ARG BASE=node:latest\nFROM $BASE\n', node).find((x) => x.ruleId === 'LP301');
  assert.match(fromArg?.fix ?? '', 'pin a version in the default of BASE, line 1 (ARG BASE=node:latest): ARG BASE=node:<version>');
  assert.equal(of('LP301', 'ARG BASE=node\nFROM $BASE\n'), []);
  assert.equal(of('LP301', 'ARG NODE_VERSION\nFROM node:${NODE_VERSION}\n'), []);
});

t('LP302 fires on ADD <url> without --checksum, passes with it', () => {
  assert.equal(of('LP302', 'FROM alpine:3.20\nADD https://example.com/a.tgz /tmp/\n'), ['LP302']);
  assert.equal(of('LP302', 'FROM alpine:3.20\nADD --checksum=sha256:abc https://example.com/a.tgz /tmp/\n'), []);
  const perPlatform = lint('FROM alpine:3.20\nARG TARGETARCH\nADD https://example.com/${TARGETARCH}/tool /usr/bin/tool\n', node).find((x) => x.ruleId === 'LP302');
  assert.match(perPlatform?.fix ?? '', 'the URL depends on TARGETARCH');
  assert.not.match(perPlatform?.fix ?? '', 'sha256:<digest> https://example.com/amd64/tool');
});

t('LP303 fires on a volatile ARG before an install, passes when declared after', () => {
  assert.equal(of('LP303', 'FROM golang:1.24\nARG GIT_SHA\nENV LDFLAGS="-X main.sha=${GIT_SHA}"\nRUN go build -ldflags "$LDFLAGS" .\n'), []);
  assert.equal(of('LP303', 'FROM golang:1.24\nARG GIT_SHA\nENV LDFLAGS="-X main.sha=${GIT_SHA}"\nRUN go mod download\n'), ['LP303']);
  assert.equal(of('LP303', 'FROM node:20\nARG GIT_SHA\nCOPY package.json ./\nRUN npm ci\n'), ['LP303']);
  assert.equal(of('LP303', 'FROM node:20\nCOPY package.json ./\nRUN npm ci\nARG GIT_SHA\nLABEL rev=$GIT_SHA\n'), []);
});

t('a layerplan-ignore comment silences the rule on the next instruction only', () => {
  assert.equal(of('LP301', 'FROM node\n# layerplan-ignore LP301\nFROM node:latest\n'), ['LP301']);
  assert.equal(of('LP301', '# why: pinned by renovate\n# layerplan-ignore LP301, LP101\nFROM node\n'), []);
});

t("hadolint's pragma form `# layerplan ignore=` silences the next instruction only, several ids comma-separated", () => {
  assert.equal(of('LP301', 'FROM node\n# layerplan ignore=LP301\nFROM node:latest\n'), ['LP301']);
  assert.equal(of('LP301', '# layerplan ignore=LP101,LP301\nFROM node\n'), []);
  assert.equal(of('LP302', 'FROM alpine:3.20\n# layerplan ignore=LP301\nADD https://example.com/a.tgz /tmp/\n'), ['LP302']);
});

t('`# layerplan global ignore=` silences a rule in the whole file, wherever the comment is', () => {
  assert.equal(of('LP301', 'FROM node\nFROM node:latest\n# layerplan global ignore=LP301\n'), []);
  assert.equal(of('LP302', '# layerplan global ignore=LP301\nFROM node\nADD https://example.com/a.tgz /tmp/\n'), ['LP302']);
});

t('LP203 names a file once, at the first COPY that takes it, however many COPYs take it again', () => {
  const repo = { files: { 'app.sh': 'x', 'lib.sh': 'y' }, localModes: { 'app.sh': 0o664, 'lib.sh': 0o664 } };
  const f = lint('FROM alpine:3.20\nCOPY app.sh /a/\nCOPY . /app\nCOPY app.sh lib.sh /b/\n', repo).filter((x) => x.ruleId === 'LP203');
  assert.equal(f.map((x) => [x.line, x.files]), [[2, ['app.sh']], [3, ['lib.sh']]]);
});

t('LP301 stays silent on a FROM that names a stage through a variable, and on a variable-only reference', () => {
  const df = 'FROM busybox:1.36 AS binaries-linux\nFROM busybox:1.36 AS binaries-darwin\nARG TARGETOS\nFROM binaries-$TARGETOS AS out\nFROM binaries-${TARGETOS}\n';
  assert.equal(of('LP301', df), []);
  assert.equal(of('LP301', 'ARG BASE=node:20\nFROM $BASE\n'), []);
});

t('a well-ordered Dockerfile has no findings', () => {
  assert.equal(lint('FROM node:20-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n', node), []);
});

t.run();
