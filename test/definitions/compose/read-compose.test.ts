import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readCompose, type ComposeInput } from '../../../src/definitions/index.js';
import { parseDotenv } from '../../../src/definitions/compose/dotenv.js';
import { realSpec } from '../../_helpers/real-sources.js';
import { byName, definitions, realDefinition } from '../_fixtures.js';

const t = suite('definitions/compose/read-compose');
const real = realSpec(t, 'definitions/compose/read-compose');
const base = (files: ComposeInput['files'], more: Partial<ComposeInput> = {}): ComposeInput => ({ files, env: new Map(), profiles: [], readText: () => null, ...more });
const file = (path: string, text: string) => ({ path, text });

real([realDefinition('example-voting-app/docker-compose.yml')], 'example-voting-app: vote builds target dev, result and worker their last stage, seed only with its profile', (text) => {
  const voting = { path: '/p/docker-compose.yml', text };
  const r = readCompose(base([voting]));
  assert.equal(definitions(r).map((d) => d.name), ['vote', 'result', 'worker']);
  const vote = byName(r, 'vote');
  assert.equal(vote.context, { kind: 'local', path: '/p/vote' });
  assert.equal(vote.dockerfile, { kind: 'file', path: '/p/vote/Dockerfile' });
  assert.is(vote.target, 'dev');
  assert.equal(vote.origin, { kind: 'compose', file: '/p/docker-compose.yml', service: 'vote' });
  assert.is(byName(r, 'result').target, null);
  assert.equal(byName(r, 'result').context, { kind: 'local', path: '/p/result' });
  const seeded = readCompose(base([voting], { profiles: ['seed'] }));
  assert.equal(byName(seeded, 'seed').context, { kind: 'local', path: '/p/seed-data' });
});

real([realDefinition('awesome-compose/react-express-mongodb/compose.yaml'), realDefinition('awesome-compose/nginx-golang-mysql/compose.yaml')], 'awesome-compose: targets as written; service secrets are runtime ones, not build secrets', (mongoText, golangText) => {
  const mongo = readCompose(base([{ path: '/a/compose.yaml', text: mongoText }]));
  assert.equal(definitions(mongo).map((d) => [d.name, d.target, d.context.kind === 'local' ? d.context.path : '']), [
    ['frontend', 'development', '/a/frontend'],
    ['backend', 'development', '/a/backend'],
  ]);
  const golang = readCompose(base([{ path: '/g/compose.yaml', text: golangText }]));
  assert.is(byName(golang, 'backend').target, 'builder');
  assert.equal(byName(golang, 'backend').secrets, []);
});

t('the long form: dockerfile, inline, args (list and map, env-valued), contexts, platforms, no_cache, network, ssh', () => {
  const r = readCompose(base([file('/p/compose.yaml', `
services:
  api:
    build:
      context: ./api
      dockerfile: ../docker/api.Dockerfile
      args: [A=1, FROM_ENV, NOT_SET]
      additional_contexts:
        - shared=./shared
        - base=docker-image://busybox:local
        - svc=service:tools
      platforms: [linux/amd64, linux/arm64]
      no_cache: true
      network: none
      ssh: [default]
  inline:
    build:
      dockerfile_inline: |
        FROM busybox:local
      args:
        N: 2
        B: true
  remote:
    build: https://github.com/docker/getting-started.git#main
  image-only:
    image: redis
`)], { env: new Map([['FROM_ENV', 'e']]) }));
  const api = byName(r, 'api');
  assert.equal(api.dockerfile, { kind: 'file', path: '/p/docker/api.Dockerfile' });
  assert.equal([...api.args], [['A', '1'], ['FROM_ENV', 'e']]);
  assert.equal([...api.namedContexts], [
    ['shared', { kind: 'local', path: '/p/shared' }],
    ['base', { kind: 'image', ref: 'busybox:local' }],
    ['svc', { kind: 'definition', name: 'tools' }],
  ]);
  assert.equal(api.platforms, ['linux/amd64', 'linux/arm64']);
  assert.ok(api.noCache);
  assert.is(api.network, 'none');
  assert.equal(api.ssh, ['default']);
  const inline = byName(r, 'inline');
  assert.equal(inline.dockerfile, { kind: 'inline', text: 'FROM busybox:local\n' });
  assert.equal([...inline.args], [['N', '2'], ['B', 'true']]);
  assert.equal(byName(r, 'remote').context, { kind: 'remote', url: 'https://github.com/docker/getting-started.git#main' });
  assert.is(definitions(r).length, 3);
});

t('override files merge as Compose merges them: keys replaced, args merged by name, paths from the first file\'s folder', () => {
  const r = readCompose(base([
    file('/p/compose.yaml', 'services:\n  web:\n    build:\n      context: web\n      args: [A=1, B=1]\n'),
    file('/p/sub/compose.override.yaml', 'services:\n  web:\n    build:\n      target: dev\n      args:\n        B: 2\n  extra:\n    build: ./extra\n'),
  ]));
  const web = byName(r, 'web');
  assert.is(web.target, 'dev');
  assert.equal([...web.args], [['A', '1'], ['B', '2']]);
  assert.equal(web.context, { kind: 'local', path: '/p/web' });
  assert.equal(byName(r, 'extra').context, { kind: 'local', path: '/p/extra' }, 'relative to the project directory, not the override\'s');
});

t('interpolation: defaults, the environment, $$; a missing required variable is Compose\'s error', () => {
  const text = 'services:\n  web:\n    build:\n      context: ${DIR:-web}\n      target: ${TARGET}\n      args:\n        PRICE: $$5\n';
  const r = readCompose(base([file('/p/compose.yaml', text)], { env: new Map([['TARGET', 'prod']]) }));
  assert.equal(byName(r, 'web').context, { kind: 'local', path: '/p/web' });
  assert.is(byName(r, 'web').target, 'prod');
  assert.is(byName(r, 'web').args.get('PRICE'), '$5');
  const missing = readCompose(base([file('/p/compose.yaml', 'services:\n  web:\n    build:\n      context: ${DIR:?set DIR to the app folder}\n')]));
  assert.equal(missing, { ok: false, problem: { kind: 'missing-variable', file: '/p/compose.yaml', variable: 'DIR', message: 'error while interpolating services.web.build.context: required variable DIR is missing a value: set DIR to the app folder' } });
});

t('an unset variable warns, as Compose does, and is empty', () => {
  const r = readCompose(base([file('/p/compose.yaml', 'services:\n  web:\n    build:\n      context: .\n      target: x${NOPE}\n')]));
  assert.ok(r.ok);
  if (r.ok) assert.equal(r.warnings, [{ kind: 'unset-variable', file: '/p/compose.yaml', variable: 'NOPE' }]);
  assert.is(byName(r, 'web').target, 'x');
});

t('extends: same file and another file (its paths from its own folder)', () => {
  const other = 'services:\n  base:\n    build:\n      context: ./app\n      args: {X: "1"}\n';
  const r = readCompose(base([file('/p/compose.yaml', 'services:\n  common:\n    build: {context: ., target: t}\n  a:\n    extends: common\n  b:\n    extends: {file: lib/base.yaml, service: base}\n    build:\n      args: {Y: "2"}\n')], {
    readText: (p) => (p === '/p/lib/base.yaml' ? other : null),
  }));
  assert.is(byName(r, 'a').target, 't');
  assert.equal(byName(r, 'b').context, { kind: 'local', path: '/p/lib/app' });
  assert.equal([...byName(r, 'b').args], [['X', '1'], ['Y', '2']]);
});

t('YAML that does not parse: file:line:column and the parser\'s message; nothing planned', () => {
  const r = readCompose(base([file('/p/compose.yaml', 'services:\n  web:\n    build: [\n  db: x\n')]));
  assert.is(r.ok, false);
  if (!r.ok) {
    assert.is(r.problem.kind, 'syntax');
    assert.match(JSON.stringify(r.problem), /"line":\d+,"column":\d+/);
  }
  const dup = readCompose(base([file('/p/compose.yaml', 'services:\n  web:\n    build: .\n  web:\n    build: .\n')]));
  assert.equal(dup.ok ? null : [dup.problem.kind, (dup.problem as { line: number }).line], ['syntax', 4]);
});

t('.env: export, quotes, comments, interpolation of earlier keys', () => {
  const env = parseDotenv('# c\nexport A=1\nB="x ${A}\\n"\nC=\'$A\'\nD=plain # comment\n', () => undefined);
  assert.equal([...env], [['A', '1'], ['B', 'x 1\n'], ['C', '$A'], ['D', 'plain']]);
});

t('include: services of included files, their paths from their own folder (or project_directory), their .env, the environment over it', () => {
  const texts: Record<string, string> = {
    '/p/db/compose.yaml': 'services:\n  db:\n    build:\n      context: ./image\n      args:\n        - V=${DB_V}\n',
    '/p/db/.env': 'DB_V=14\n',
    '/p/tools/compose.yaml': 'services:\n  tool:\n    build: ./tools\n',
  };
  const main = file('/p/compose.yaml', 'include:\n  - db/compose.yaml\n  - path: [tools/compose.yaml]\n    project_directory: .\nservices:\n  web:\n    build: ./web\n');
  const r = readCompose(base([main], { readText: (p) => texts[p] ?? null }));
  assert.equal(definitions(r).map((d) => [d.name, d.context.kind === 'local' ? d.context.path : '', d.origin.file]), [
    ['web', '/p/web', '/p/compose.yaml'],
    ['db', '/p/db/image', '/p/db/compose.yaml'],
    ['tool', '/p/tools', '/p/tools/compose.yaml'],
  ]);
  assert.equal([...byName(r, 'db').args], [['V', '14']]);
  const env = readCompose(base([main], { readText: (p) => texts[p] ?? null, env: new Map([['DB_V', '16']]) }));
  assert.equal([...byName(env, 'db').args], [['V', '16']]);
});

t('include: a service defined twice, a file including itself, an unreadable file: each an error naming the file', () => {
  const texts: Record<string, string> = { '/p/a.yaml': 'services:\n  web:\n    build: .\n', '/p/loop.yaml': 'include: [loop.yaml]\n' };
  const read = (text: string) => readCompose(base([file('/p/compose.yaml', text)], { readText: (p) => texts[p] ?? null }));
  const twice = read('include: [a.yaml]\nservices:\n  web:\n    build: .\n');
  assert.ok(!twice.ok && twice.problem.kind === 'invalid' && /services\.web conflicts with .*\/p\/a\.yaml/.test(twice.problem.message), JSON.stringify(twice));
  const loop = read('include: [loop.yaml]\n');
  assert.ok(!loop.ok && /includes itself/.test(JSON.stringify(loop.problem)), JSON.stringify(loop));
  const missing = read('include: [nope.yaml]\n');
  assert.ok(!missing.ok && /include: cannot read \/p\/nope\.yaml/.test(JSON.stringify(missing.problem)), JSON.stringify(missing));
});

t.run();
