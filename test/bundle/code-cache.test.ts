/**
 * The bundle's loader (scripts/bundle-loader.cjs, dist/bundle/main.cjs) and its cores: each command runs
 * in its core, V8's code cache is written by a core's first run and taken by the next, a bad cache is
 * replaced, LAYERPLAN_CODE_CACHE=0 writes none, and a side chunk gets the loaded core's modules.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { copyExample, layerplan, repoRoot } from '../_helpers/cli.js';

const t = suite('bundle/code-cache');
const BUNDLE = path.join(repoRoot, 'dist/bundle');
const HOOKS = pathToFileURL(path.join(repoRoot, 'dist/test/e2e/module-log-hooks.js')).href;
const REGISTER = `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(HOOKS)})`;

function run(args: string[], codeDir: string, extra: Record<string, string> = {}): { status: number | null; stderr: string; log: string[] } {
  const log = path.join(codeDir, '..', `${path.basename(codeDir)}.log`);
  writeFileSync(log, '');
  const r = layerplan(args, { env: { LAYERPLAN_CODE_CACHE_DIR: codeDir, LAYERPLAN_MODULE_LOG: log, LAYERPLAN_NO_ENGINE: '1', DOCKER_HOST: 'unix:///nonexistent', ...extra } });
  return { status: r.status, stderr: r.stderr, log: readFileSync(log, 'utf8').split('\n').filter(Boolean).map((u) => path.basename(u)).filter((f) => f.startsWith('core-')) };
}

const caches = (dir: string): string[] => { try { return readdirSync(dir).sort(); } catch { return []; } };

t('build runs in the build core; its first run writes the cache, the next takes it and leaves it as it is', () => {
  const { dir, cache } = copyExample('node-app');
  const code = path.join(mkdtempSync(path.join(tmpdir(), 'lp-code-')), 'code');
  const first = run(['build', dir, '--json', '--dry-run', '--cache-dir', cache], code);
  assert.is(first.status, 0, first.stderr);
  assert.equal(first.log, ['core-build.vm.js']);
  const [file] = caches(code);
  assert.match(file ?? '', new RegExp(`^build-[0-9a-f]{16}-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8$`));
  const written = statSync(path.join(code, file as string));
  assert.ok(written.size > 10_000, 'the cache holds compiled code');
  const second = run(['build', dir, '--json', '--dry-run', '--cache-dir', cache], code);
  assert.is(second.status, 0, second.stderr);
  const after = statSync(path.join(code, file as string));
  assert.equal([after.ino, after.mtimeMs], [written.ino, written.mtimeMs], 'accepted, so not written again');
});

t('a cache names the routes it covers: a run of another route of its core writes it again, with what that run compiled, once', () => {
  const { dir, cache } = copyExample('node-app');
  const code = path.join(mkdtempSync(path.join(tmpdir(), 'lp-code-')), 'code');
  assert.is(run(['build', '--help'], code).status, 0);
  const [file] = caches(code);
  const at = path.join(code, file as string);
  const help = readFileSync(at);
  assert.ok(help.toString('latin1').startsWith('layerplan-code-cache 1 ["build --help"]\n'), help.subarray(0, 60).toString('latin1'));
  const plan = run(['build', dir, '--json', '--dry-run', '--cache-dir', cache], code);
  assert.is(plan.status, 0, plan.stderr);
  const planned = readFileSync(at);
  assert.ok(planned.toString('latin1').startsWith('layerplan-code-cache 1 ["build --help","build --cache-dir --dry-run --json"]\n'));
  assert.ok(planned.length > help.length * 1.5, `the plan's functions are added: ${help.length} -> ${planned.length} bytes`);
  const written = statSync(at);
  assert.is(run(['build', dir, '--dry-run', '--json', '--cache-dir', cache], code).status, 0);
  const after = statSync(at);
  assert.equal([after.ino, after.mtimeMs], [written.ino, written.mtimeMs], 'a route it names: not written again');
});

t('a cache V8 rejects (garbage) is replaced and the run goes on; LAYERPLAN_CODE_CACHE=0 writes none', () => {
  const code = path.join(mkdtempSync(path.join(tmpdir(), 'lp-code-')), 'code');
  assert.is(run(['--version'], code).status, 0);
  const [file] = caches(code);
  assert.ok(file?.startsWith('cli-'), `--version runs in the full core: ${file}`);
  writeFileSync(path.join(code, file as string), 'not a code cache');
  const again = run(['--version'], code);
  assert.is(again.status, 0, again.stderr);
  assert.ok(statSync(path.join(code, file as string)).size > 10_000, 'rewritten');
  const none = path.join(mkdtempSync(path.join(tmpdir(), 'lp-code-')), 'code');
  assert.is(run(['--version'], none, { LAYERPLAN_CODE_CACHE: '0' }).status, 0);
  assert.equal(caches(none), []);
});

t('check and inspect have cores of their own; other commands (and help NAME) run in the full one', () => {
  const code = path.join(mkdtempSync(path.join(tmpdir(), 'lp-code-')), 'code');
  assert.equal(run(['check', '--help'], code).log, ['core-check.vm.js']);
  assert.equal(run(['inspect', '--help'], code).log, ['core-inspect.vm.js']);
  assert.equal(run(['lint', '--help'], code).log, ['core-cli.vm.js']);
  assert.equal(run(['help', 'build'], code).log, ['core-cli.vm.js']);
});

t('a side chunk takes the loaded core\'s copy of a module it shares with it', () => {
  const meta = JSON.parse(readFileSync(path.join(BUNDLE, 'meta.json'), 'utf8')) as { outputs: Record<string, { entryPoint?: string }> };
  const side = Object.entries(meta.outputs).find(([, o]) => o.entryPoint === 'src/app/check-shared.ts')?.[0];
  assert.ok(side, 'the check core imports check --against\'s comparison lazily, from a side chunk');
  const url = (f: string): string => JSON.stringify(pathToFileURL(f).href);
  const script = [
    `const { open } = await import(${url(path.join(BUNDLE, 'main.cjs'))});`,
    "open('check');",
    'const core = globalThis.__layerplanCore;',
    'const asked = new Map();',
    'globalThis.__layerplanCore = (id) => { const m = core(id); asked.set(id, m !== undefined); return m; };',
    `await import(${url(path.join(repoRoot, side as string))});`,
    "const held = core('src/lang/error-code.ts');",
    "process.stdout.write(`${typeof held.errorCode} ${asked.get('src/lang/error-code.ts')}\\n`);",
  ].join('\n');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, LAYERPLAN_CODE_CACHE: '0' } });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, 'function true\n', r.stdout + r.stderr);
});

// The full core (cli) is left out: its side chunks hold copies of modules it holds too (src/context's,
// through their own copies of the modules that import them), which buildSide in scripts/bundle.mjs says
// it allows; there a copy asks the core for what it imports and takes its own.
t('every side chunk the build, check or inspect core can load gets the core\'s copy of each module it imports that the core holds', () => {
  const meta = JSON.parse(readFileSync(path.join(BUNDLE, 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const url = (f: string): string => JSON.stringify(pathToFileURL(f).href);
  for (const name of ['build', 'check', 'inspect']) {
    const core = `dist/bundle/core-${name}.vm.js`;
    // The side chunks the core imports (the bundle names each lp-side:NAME there, see scripts/bundle.mjs).
    const sides = [...new Set(readFileSync(path.join(repoRoot, core), 'utf8').match(/lp-side:[\w-]+/g) ?? [])].map((s) => s.slice('lp-side:'.length));
    assert.ok(name === 'check' || sides.length > 0, `${name} imports side chunks`);
    const script = [
      `const { open } = await import(${url(path.join(BUNDLE, 'main.cjs'))});`,
      `open(${JSON.stringify(name)});`,
      'const core = globalThis.__layerplanCore;',
      'const missed = new Set();',
      'globalThis.__layerplanCore = (id) => { const m = core(id); if (m === undefined) missed.add(id); return m; };',
      ...sides.map((s) => `await import(${url(path.join(BUNDLE, `${s}.js`))});`),
      'process.stdout.write(JSON.stringify([...missed]));',
    ].join('\n');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, LAYERPLAN_CODE_CACHE: '0' } });
    assert.is(r.status, 0, r.stderr);
    const held = new Set(Object.keys(meta.outputs[core]?.inputs ?? {}));
    const missedHeld = (JSON.parse(r.stdout) as string[]).filter((id) => held.has(id));
    assert.equal(missedHeld, [], `${name}: its side chunks (${sides.join(', ')}) made copies of their own of modules it holds`);
  }
});

t('a plain build runs in its core alone: the engine client it asks is held by the core, not a side chunk', () => {
  const { dir, cache } = copyExample('node-app');
  const log = path.join(mkdtempSync(path.join(tmpdir(), 'lp-code-')), 'modules.log');
  writeFileSync(log, '');
  // No LAYERPLAN_NO_ENGINE: the plan asks the engine named by DOCKER_HOST (none answers there).
  const r = spawnSync(process.execPath, ['--import', REGISTER, path.join(repoRoot, 'bin/layerplan'), 'build', dir, '--json', '--dry-run', '--cache-dir', cache], {
    encoding: 'utf8',
    env: { ...process.env, LAYERPLAN_MODULE_LOG: log, LAYERPLAN_CODE_CACHE: '0', DOCKER_HOST: `unix://${path.join(dir, 'no-engine.sock')}` },
  });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /no Docker Engine at/, 'the plan asked the engine');
  const chunks = readFileSync(log, 'utf8').split('\n').filter((u) => u.startsWith(pathToFileURL(BUNDLE).href)).map((u) => path.basename(u));
  // The first plan of the example parses: the parser is a script beside the core (parser.vm.js), not a side chunk.
  assert.equal([...new Set(chunks)], ['main.cjs', 'core-build.vm.js', 'parser.vm.js']);
});

t('the parser has a code cache of its own: the core\'s cache, written by a run that parses, holds none of its code', () => {
  const { dir, cache } = copyExample('node-app');
  const args = ['build', dir, '--json', '--dry-run', '--cache-dir', cache];
  const parsed = path.join(mkdtempSync(path.join(tmpdir(), 'lp-code-')), 'code');
  assert.is(run(args, parsed).status, 0);
  const files = caches(parsed);
  assert.equal(files.map((f) => f.split('-')[0]), ['build', 'parser'], files.join(', '));
  // The same route's cache written by a run that reads the parse back (the store now remembers it) and prepares
  // the graph and steps from it, as the parsing run did (app/parse-memo.ts: its prepared answers are dropped).
  const stat = path.join(cache, 'stat');
  const memo = readdirSync(stat).find((f) => f.startsWith('parsed-'));
  assert.ok(memo, 'the parse is remembered');
  const file = path.join(stat, memo);
  writeFileSync(file, JSON.stringify({ ...(JSON.parse(readFileSync(file, 'utf8')) as object), prepared: [] }));
  const remembered = path.join(mkdtempSync(path.join(tmpdir(), 'lp-code-')), 'code');
  assert.is(run(args, remembered).status, 0);
  assert.equal(caches(remembered).map((f) => f.split('-')[0]), ['build'], 'a run that does not parse does not load the parser');
  const size = (d: string): number => statSync(path.join(d, caches(d)[0] as string)).size;
  // Held in the core, the parser's functions made that cache ~24% bigger (459 vs 370 KB).
  assert.ok(size(parsed) < size(remembered) * 1.05, `core caches: ${size(parsed)} bytes after a parse, ${size(remembered)} without`);
});

t.run();
