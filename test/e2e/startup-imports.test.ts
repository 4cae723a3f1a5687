/**
 * The JSON and plain paths of `layerplan build` must not load Ink or React
 * (they cost start-up time and are only needed in a terminal). Each run
 * records the modules it resolves through a loader hook.
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
const BIN = path.resolve(here, '../../../bin/layerplan');
const HOOKS = pathToFileURL(path.join(here, 'module-log-hooks.js')).href;
const REGISTER = `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(HOOKS)})`;
const UI_MODULE = /\/node_modules\/(ink|react|react-reconciler|yoga-layout)\/|\/views\/tui\//;

let dir = '';

t.before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'layerplan-imports-'));
  mkdirSync(path.join(dir, 'app'));
  writeFileSync(path.join(dir, 'app/Dockerfile'), 'FROM busybox\nCOPY . /app\n');
});

t.after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs node with the hook and returns the module URLs it resolved. */
function loaded(args: string[], name: string): string[] {
  const log = path.join(dir, `${name}.log`);
  writeFileSync(log, '');
  const res = spawnSync(process.execPath, ['--import', REGISTER, ...args], {
    env: { ...process.env, LAYERPLAN_MODULE_LOG: log, LAYERPLAN_CACHE_DIR: path.join(dir, 'cache'), DOCKER_HOST: 'unix:///nonexistent' },
    encoding: 'utf8',
  });
  assert.is(res.status, 0, res.stderr);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

t('build --json loads the build command and the JSON view, and no Ink, React or TUI module', () => {
  const urls = loaded([BIN, 'build', path.join(dir, 'app'), '--json', '--dry-run'], 'json');
  assert.ok(urls.some((u) => u.endsWith('/cli/commands/build.js')));
  assert.ok(urls.some((u) => u.endsWith('/views/json.js')));
  assert.equal(urls.filter((u) => UI_MODULE.test(u)), []);
});

t('the plain report (stdout not a terminal) loads no Ink either', () => {
  const urls = loaded([BIN, 'build', path.join(dir, 'app'), '--dry-run'], 'plain');
  assert.ok(urls.some((u) => u.endsWith('/views/text.js')));
  assert.equal(urls.filter((u) => UI_MODULE.test(u)), []);
});

t('the hook does see Ink when the interactive module is imported (so the checks above can fail)', () => {
  const urls = loaded(['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(path.resolve(here, '../../src/cli/build-tui.js')).href)})`], 'tui');
  assert.ok(urls.some((u) => /\/node_modules\/ink\//.test(u)));
  assert.ok(urls.some((u) => /\/node_modules\/react\//.test(u)));
});

t.run();
