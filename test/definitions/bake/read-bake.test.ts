import { readFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readBake, type BakeInput } from '../../../src/definitions/index.js';
import { fromDefinitions, fromPrint, sortedArgs } from '../_bake-print.js';
import { realSpec } from '../../_helpers/real-sources.js';
import { byName, definitions, fixtures, realDefinition } from '../_fixtures.js';

const t = suite('definitions/bake/read-bake');
const host = { now: '2026-01-01T00:00:00Z', homedir: '/home/u' };
const input = (files: BakeInput['files'], more: Partial<BakeInput> = {}): BakeInput => ({ files, workdir: '/w', env: new Map(), targets: [], host, readText: () => null, ...more });
const hcl = (text: string) => [{ path: '/w/docker-bake.hcl', text }];
const real = realSpec(t, 'definitions/bake/read-bake');
const BUILDX = [realDefinition('buildx/docker-bake.hcl')];
const bakeFile = (text: string) => ({ path: '/w/docker-bake.hcl', text });

real(BUILDX, 'docker/buildx: the default group is binaries, with _common\'s args and its own target', (text) => {
  const r = readBake(input([bakeFile(text)]));
  assert.equal(definitions(r).map((d) => d.name), ['binaries']);
  const b = byName(r, 'binaries');
  assert.equal(b.context, { kind: 'local', path: '/w' });
  assert.equal(b.dockerfile, { kind: 'file', path: '/w/Dockerfile' });
  assert.is(b.target, 'binaries');
  assert.equal([...b.args], [['BUILDKIT_CONTEXT_KEEP_GIT_DIR', '1']], 'GO_VERSION = null is not passed');
  assert.equal(b.platforms, ['local']);
  assert.equal(b.origin, { kind: 'bake', file: '/w/docker-bake.hcl', target: 'binaries' });
});

real(BUILDX, 'docker/buildx: vendor.Dockerfile builds with "." as its context (the go.mod case of issue 12)', (text) => {
  const v = byName(readBake(input([bakeFile(text)], { targets: ['validate-vendor'] })), 'validate-vendor');
  assert.equal(v.context, { kind: 'local', path: '/w' });
  assert.equal(v.dockerfile, { kind: 'file', path: '/w/hack/dockerfiles/vendor.Dockerfile' });
  assert.is(v.target, 'validate');
});

real(BUILDX, 'docker/buildx: the same reading as `docker buildx bake --print` (recorded, Docker 28.5)', (text) => {
  const requested = ['default', 'validate', 'lint-gopls', 'validate-docs', 'integration-test', 'govulncheck', 'release'];
  const ours = fromDefinitions(definitions(readBake(input([bakeFile(text)], { targets: requested }))));
  const theirs = fromPrint(readFileSync(path.join(fixtures, 'buildx-bake-print.json'), 'utf8'), '/w');
  assert.equal(sortedArgs(ours), sortedArgs(theirs));
});

t('variables: defaults, environment overrides typed by the default, references between them', () => {
  const text = 'variable "TAG" { default = "1" }\nvariable "DEBUG" { default = false }\nvariable "N" { default = 2 }\nvariable "FULL" { default = "v${TAG}" }\nBASE = "busybox"\ntarget "default" {\n  args = { FULL = FULL, DEBUG = DEBUG ? "yes" : "no", N = N + 1, BASE = BASE }\n}\n';
  assert.equal([...byName(readBake(input(hcl(text))), 'default').args], [['FULL', 'v1'], ['DEBUG', 'no'], ['N', '3'], ['BASE', 'busybox']]);
  const env = new Map([['TAG', '9'], ['DEBUG', 'true'], ['N', '5']]);
  assert.equal([...byName(readBake(input(hcl(text), { env })), 'default').args], [['FULL', 'v9'], ['DEBUG', 'yes'], ['N', '6'], ['BASE', 'busybox']]);
  const bad = readBake(input(hcl(text), { env: new Map([['DEBUG', 'maybe']]) }));
  assert.is(bad.ok, false);
});

t('inherits: maps merge key by key, other attributes are replaced; contexts with target:NAME', () => {
  const text = `
target "base" {
  dockerfile = "docker/Dockerfile"
  args = { A = "1", B = "1" }
  platforms = ["linux/amd64"]
}
target "app" {
  inherits = ["base"]
  context = "app"
  args = { B = "2" }
  contexts = { deps = "target:deps", alpine = "docker-image://alpine:3", src = "../src" }
  no-cache = true
}
target "deps" { dockerfile-inline = "FROM busybox:local" }
group "default" { targets = ["app", "deps"] }
`;
  const r = readBake(input(hcl(text)));
  const app = byName(r, 'app');
  assert.equal(app.context, { kind: 'local', path: '/w/app' });
  assert.equal(app.dockerfile, { kind: 'file', path: '/w/app/docker/Dockerfile' });
  assert.equal([...app.args], [['A', '1'], ['B', '2']]);
  assert.equal(app.platforms, ['linux/amd64']);
  assert.ok(app.noCache);
  assert.equal([...app.namedContexts], [
    ['deps', { kind: 'definition', name: 'deps' }],
    ['alpine', { kind: 'image', ref: 'alpine:3' }],
    ['src', { kind: 'local', path: '/src' }],
  ]);
  assert.equal(byName(r, 'deps').dockerfile, { kind: 'inline', text: 'FROM busybox:local' });
});

t('override files: a later block\'s attribute replaces an earlier one; JSON files too', () => {
  const files = [
    { path: '/w/docker-bake.hcl', text: 'variable "V" { default = "a" }\ntarget "default" {\n  target = "prod"\n  args = { V = V }\n}\n' },
    { path: '/w/docker-bake.override.json', text: '{"variable": {"V": {"default": "b"}}, "target": {"default": {"target": "dev-${V}"}}}' },
  ];
  const d = byName(readBake(input(files)), 'default');
  assert.is(d.target, 'dev-b');
  assert.equal([...d.args], [['V', 'b']]);
  assert.equal(d.origin, { kind: 'bake', file: '/w/docker-bake.override.json', target: 'default' });
});

t('a matrix is one target per combination, named by its name attribute; user functions', () => {
  const text = 'function "tag" {\n  params = [v]\n  result = "v${v}"\n}\ntarget "default" {\n  name = "app-${tgt}"\n  matrix = { tgt = ["dev", "prod"] }\n  target = tgt\n  args = { T = tag(tgt) }\n}\n';
  const r = readBake(input(hcl(text)));
  assert.equal(definitions(r).map((d) => [d.name, d.target, d.args.get('T')]), [['app-dev', 'dev', 'vdev'], ['app-prod', 'prod', 'vprod']]);
});

t('compose files as bake files: services are targets of the default group, bake targets override them', () => {
  const files = [
    { path: '/w/compose.yaml', text: 'services:\n  web:\n    build:\n      context: web\n      target: dev\n  db:\n    image: postgres\n' },
    { path: '/w/docker-bake.hcl', text: 'target "web" { args = { X = "1" } }\n' },
  ];
  const r = readBake(input(files));
  assert.equal(definitions(r).map((d) => d.name), ['web']);
  const web = byName(r, 'web');
  assert.equal(web.context, { kind: 'local', path: '/w/web' });
  assert.is(web.target, 'dev');
  assert.equal([...web.args], [['X', '1']]);
});

t('bad input: syntax errors with line:column, unknown targets named with what exists, unknown functions located', () => {
  const syntax = readBake(input(hcl('target "a" {\n  args = {\n    A = \n  }\n}\n')));
  assert.equal(syntax.ok ? null : [syntax.problem.kind, (syntax.problem as { line: number }).line], ['syntax', 4], 'where the expression should start');
  const unknown = readBake(input(hcl('target "a" {}\ngroup "default" { targets = ["b"] }\n')));
  assert.equal(unknown.ok ? null : unknown.problem, { kind: 'unknown-name', file: '/w/docker-bake.hcl', name: 'b', known: ['a', 'default'] });
  const fn = readBake(input(hcl('target "default" {\n  args = { A = nosuch("x") }\n}\n')));
  assert.equal(fn.ok ? null : [fn.problem.kind, (fn.problem as { line: number }).line, fn.problem.kind === 'invalid' ? fn.problem.message : ''], ['invalid', 2, 'Call to unknown function; There is no function named "nosuch".']);
  const none = readBake(input(hcl('target "a" {}\n')));
  assert.equal(none.ok ? null : none.problem.kind, 'unknown-name', 'no default group or target: bake asks for a name too');
});

t.run();
