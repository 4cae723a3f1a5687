/**
 * What a run of bin/layerplan loads. The CLI is an esbuild bundle: a run
 * compiles one core (dist/bundle/core-NAME.vm.js, which the loader names in
 * $LAYERPLAN_MODULE_LOG) and resolves a few chunk files, and
 * dist/bundle/meta.json (esbuild's metafiles) says which source modules and
 * packages each holds. Each run records the URLs it resolves through a loader
 * hook; the test maps them to the sources inside, so "build loads no Ink"
 * stays a claim about modules.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const t = suite('e2e/startup-imports');
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const BIN = path.join(repo, 'bin/layerplan');
const BUNDLE = path.join(repo, 'dist/bundle');
const HOOKS = pathToFileURL(path.join(here, 'module-log-hooks.js')).href;
const REGISTER = `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(HOOKS)})`;
const IMAGE = path.join(repo, 'test/fixtures/images/docker-save-buildkit.tar');

const UI = /node_modules\/(ink|react|react-reconciler|yoga-layout)\/|^src\/views\/tui\//;
const GIT = /^src\/git\//;
const DOCKERFILE_AST = /node_modules\/dockerfile-ast\//;
const IMAGE_READER = /^src\/image\/read-image\.ts$|node_modules\/fzstd\//;
const DEFINITION_READERS = /node_modules\/yaml\/|^src\/definitions\/(compose|bake|hcl|workflow)\//;

interface Meta { outputs: Record<string, { inputs: Record<string, unknown>; entryPoint?: string }> }

let dir = '';
let meta: Meta = { outputs: {} };

t.before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'layerplan-imports-'));
  mkdirSync(path.join(dir, 'app'));
  writeFileSync(path.join(dir, 'app/Dockerfile'), 'FROM busybox\nCOPY . /app\n');
  mkdirSync(path.join(dir, 'compose/svc'), { recursive: true });
  writeFileSync(path.join(dir, 'compose/compose.yaml'), 'services:\n  svc:\n    build: ./svc\n');
  writeFileSync(path.join(dir, 'compose/svc/Dockerfile'), 'FROM busybox\nCOPY . /app\n');
  // A git repository with one Dockerfile and a staged edit, for check --staged.
  const repo = path.join(dir, 'repo');
  mkdirSync(repo);
  writeFileSync(path.join(repo, 'Dockerfile'), 'FROM busybox\nCOPY . /app\n');
  writeFileSync(path.join(repo, 'README.md'), '# a\n');
  const git = (...args: string[]): void => {
    const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
    assert.is(r.status, 0, r.stderr);
  };
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'a');
  writeFileSync(path.join(repo, 'README.md'), '# b\n');
  git('add', 'README.md');
  meta = JSON.parse(readFileSync(path.join(BUNDLE, 'meta.json'), 'utf8')) as Meta;
});

t.after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs node with the hook; returns the source modules (metafile input paths) of the bundle chunks it loaded. */
function loaded(args: string[], name: string, cwd?: string, ok: readonly number[] = [0], store = path.join(dir, 'cache')): string[] {
  const log = path.join(dir, `${name}.log`);
  writeFileSync(log, '');
  const res = spawnSync(process.execPath, ['--import', REGISTER, ...args], {
    env: { ...process.env, LAYERPLAN_MODULE_LOG: log, LAYERPLAN_CACHE_DIR: store, DOCKER_HOST: 'unix:///nonexistent' },
    encoding: 'utf8',
    cwd,
  });
  assert.ok(ok.includes(res.status ?? -1), res.stderr);
  const chunks = readFileSync(log, 'utf8').split('\n').filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u))
    .filter((f) => f.startsWith(BUNDLE + path.sep)).map((f) => `dist/bundle/${path.basename(f)}`);
  assert.ok(chunks.includes('dist/bundle/main.cjs'), `the run loaded the bundle: ${chunks.join(', ')}`);
  return chunks.flatMap((c) => Object.keys(meta.outputs[c]?.inputs ?? {}));
}

const matching = (inputs: string[], re: RegExp): string[] => inputs.filter((i) => re.test(i));

t('the bundle holds the whole CLI: only node: built-ins, the bins and bundle chunks are resolved', () => {
  const log = path.join(dir, 'all.log');
  writeFileSync(log, '');
  spawnSync(process.execPath, ['--import', REGISTER, BIN, 'build', path.join(dir, 'app'), '--json', '--dry-run'], { env: { ...process.env, LAYERPLAN_MODULE_LOG: log, LAYERPLAN_CACHE_DIR: path.join(dir, 'cache'), DOCKER_HOST: 'unix:///nonexistent' } });
  // Beside the URLs, the log names the packages the bundle started (lp-started:NAME, see below).
  const urls = readFileSync(log, 'utf8').split('\n').filter((u) => u && !u.startsWith('lp-started:'));
  const foreign = urls.filter((u) => !u.startsWith('node:') && !u.startsWith(pathToFileURL(BUNDLE).href) && !u.startsWith(pathToFileURL(path.dirname(BIN)).href));
  assert.equal(foreign, []);
});

t('build --json loads the build command, the JSON view and the Dockerfile parser, and no Ink, React, TUI, git, image reader or compose/bake reader', () => {
  const args = [BIN, 'build', path.join(dir, 'app'), '--json', '--dry-run'];
  const store = path.join(dir, 'cache-json');
  const inputs = loaded(args, 'json', undefined, [0], store);
  assert.ok(inputs.includes('src/cli/commands/build.ts'));
  assert.ok(inputs.includes('src/views/json.ts'));
  assert.ok(matching(inputs, DOCKERFILE_AST).length > 0, 'the first plan parses');
  // The parser is a script of its own (dist/bundle/parser.vm.js), compiled only by a run that parses.
  assert.equal(matching(loaded(args, 'json-again', undefined, [0], store), DOCKERFILE_AST), [], 'the second reads the parse back');
  assert.equal(matching(inputs, UI), []);
  assert.equal(matching(inputs, GIT), []);
  assert.equal(matching(inputs, IMAGE_READER), []);
  assert.equal(matching(inputs, DEFINITION_READERS), []);
});

/** The lines `lp-started:NAME` a run of the bin wrote to the module log: a package the bundle starts at its first use. */
function started(args: string[], cache: string, env: Record<string, string> = {}, cwd?: string, ok: readonly number[] = [0]): string[] {
  const log = path.join(dir, 'started.log');
  writeFileSync(log, '');
  const res = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, LAYERPLAN_MODULE_LOG: log, LAYERPLAN_CACHE_DIR: cache, DOCKER_HOST: 'unix:///nonexistent', LAYERPLAN_NO_ENGINE: '1', ...env }, encoding: 'utf8', cwd });
  assert.ok(ok.includes(res.status ?? -1), res.stderr);
  return readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('lp-started:'));
}

t('build --json starts dockerfile-ast to parse a Dockerfile, and not when the parse is remembered (app/parse-memo.ts)', () => {
  const cache = path.join(dir, 'cache-parse');
  const args = ['build', path.join(dir, 'app'), '--json', '--dry-run'];
  assert.equal(started(args, cache), ['lp-started:dockerfile-ast'], 'the first plan parses');
  assert.equal(started(args, cache), [], 'the second reads the parse back');
  writeFileSync(path.join(dir, 'app/Dockerfile'), 'FROM busybox\nCOPY . /app\nLABEL edited=1\n');
  try {
    assert.equal(started(args, cache), ['lp-started:dockerfile-ast'], 'an edited Dockerfile is parsed again');
  } finally {
    writeFileSync(path.join(dir, 'app/Dockerfile'), 'FROM busybox\nCOPY . /app\n');
  }
});

t('a core starts the modules it holds for some runs only (LAZY_HELD) when a run uses them: the engine client when a build asks an engine, check --against\'s comparison not for check --staged', () => {
  const cache = path.join(dir, 'cache-lazy');
  const args = ['build', path.join(dir, 'app'), '--json', '--dry-run'];
  started(args, cache); // the first plan parses
  assert.equal(started(args, cache), [], 'told not to ask an engine: nothing started');
  // Asked (an engine that is not there): the build core's copy of the engine client starts.
  assert.equal(started(args, cache, { LAYERPLAN_NO_ENGINE: '' }), ['lp-started:src/engine/index.ts']);
  const check = started(['check', '--staged'], cache, {}, path.join(dir, 'repo'), [0, 10]);
  assert.not.ok(check.includes('lp-started:src/app/check-shared.ts'), check.join(', '));
});

t('a folder with only a compose file loads the YAML reader (so the check above can fail)', () => {
  const inputs = loaded([BIN, 'build', path.join(dir, 'compose'), '--json', '--dry-run'], 'compose');
  assert.ok(matching(inputs, DEFINITION_READERS).length > 0);
});

t('check --staged in a repository without compose, bake or workflow files loads no definition reader', () => {
  // Exit 10: the staged README rebuilds the cached COPY.
  const inputs = loaded([BIN, 'check', '--staged'], 'check', path.join(dir, 'repo'), [0, 10]);
  assert.ok(inputs.includes('src/app/check.ts'));
  assert.equal(matching(inputs, DEFINITION_READERS), []);
});

t('the plain report (stdout not a terminal) loads no Ink either', () => {
  const inputs = loaded([BIN, 'build', path.join(dir, 'app'), '--dry-run'], 'plain');
  assert.ok(inputs.includes('src/views/text.ts'));
  assert.equal(matching(inputs, UI), []);
});

t('inspect loads the image reader, and neither dockerfile-ast nor Ink', () => {
  const inputs = loaded([BIN, 'inspect', IMAGE, '--json'], 'inspect');
  assert.ok(matching(inputs, IMAGE_READER).length > 0);
  assert.equal(matching(inputs, DOCKERFILE_AST), []);
  assert.equal(matching(inputs, UI), []);
});

t('inspect with its plain report (stdout not a terminal) loads no Ink; its terminal view is a chunk of its own', () => {
  const inputs = loaded([BIN, 'inspect', IMAGE], 'inspect-plain');
  assert.ok(inputs.includes('src/views/image-text.ts'));
  assert.equal(matching(inputs, UI), []);
  assert.ok(Object.values(meta.outputs).some((o) => o.entryPoint === 'src/cli/inspect-tui.tsx'), 'the image view loads by dynamic import');
});

/** The built-in modules Node loaded for a run beyond what `node -e 0` loads (process.moduleLoadList), stdout a pipe. */
function builtins(args: string[], cwd?: string): string[] {
  const preload = path.join(dir, 'builtins.cjs');
  const out = path.join(dir, 'builtins.txt');
  writeFileSync(preload, `const seen = new Set(process.moduleLoadList);\nprocess.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, process.moduleLoadList.filter((m) => !seen.has(m)).join('\\n')));\n`);
  const res = spawnSync(process.execPath, ['-r', preload, ...args], { env: { ...process.env, LAYERPLAN_CACHE_DIR: path.join(dir, 'cache'), DOCKER_HOST: 'unix:///nonexistent', LAYERPLAN_NO_ENGINE: '1' }, encoding: 'utf8', cwd });
  assert.ok([0, 10].includes(res.status ?? -1), res.stderr);
  return readFileSync(out, 'utf8').split('\n').filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
}

const STREAMS = /^(net|stream|tty|child_process|internal\/streams\/|internal\/util\/parse_args\/|module$|internal\/modules\/esm\/)/;

t('build --json and check --staged into a pipe load neither Node\'s stream stack (stdout is written directly), nor node:net, child_process, util.parseArgs, or node:module and the ES module loader', () => {
  const build = builtins([BIN, 'build', path.join(dir, 'app'), '--json', '--dry-run']);
  assert.equal(build.filter((m) => STREAMS.test(m)), [], build.join(', '));
  assert.ok(build.includes('vm'), `the list is Node's: ${build.join(', ')}`);
  const check = builtins([BIN, 'check', '--staged'], path.join(dir, 'repo'));
  // check asks git (child_process): the stream stack is its pipes', not stdout's.
  assert.equal(check.filter((m) => /^(tty|internal\/util\/parse_args\/)/.test(m)), [], check.join(', '));
});

t('a warm build --json loads no node:os: the hash pool asks it the load average only for a stat cache big enough for a worker, or when it hashes', () => {
  const args = [BIN, 'build', path.join(dir, 'app'), '--json', '--dry-run'];
  builtins(args); // the first plan may hash the context
  const warm = builtins(args);
  assert.ok(warm.includes('vm'), `the list is Node's: ${warm.join(', ')}`);
  assert.not.ok(warm.includes('os'), warm.join(', '));
});

t('the TUI chunk holds Ink and React, and the hook sees it load (so the checks above can fail)', () => {
  const tui = Object.entries(meta.outputs).find(([, o]) => o.entryPoint === 'src/cli/build-tui.tsx')?.[0];
  assert.ok(tui, 'the bundle has a chunk for src/cli/build-tui.tsx');
  const script = `await import(${JSON.stringify(pathToFileURL(path.join(BUNDLE, 'main.cjs')).href)}); await import(${JSON.stringify(pathToFileURL(path.join(repo, tui as string)).href)})`;
  const inputs = loaded(['--input-type=module', '-e', script], 'tui');
  assert.ok(inputs.some((i) => /node_modules\/ink\//.test(i)));
  assert.ok(inputs.some((i) => /node_modules\/react\//.test(i)));
});

t.run();
