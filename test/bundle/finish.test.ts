/**
 * The loader's finish(code) (dist/bundle/main.cjs, from scripts/bundle-loader.cjs): how the bins end a
 * run. With nothing left to wait for it ends the process at once through process.exit() (without the GC
 * tasks V8 posted meanwhile); with a timer, I/O started by a promise still settling, or a beforeExit
 * listener, Node's own end comes as it would.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../_helpers/cli.js';

const t = suite('bundle/finish');
const dir = mkdtempSync(path.join(tmpdir(), 'lp-finish-'));

// Says when process.exit() is called and when 'exit' is emitted, on stdout (written at once).
const WATCH = path.join(dir, 'watch.cjs');
writeFileSync(WATCH, [
  "const { writeSync } = require('node:fs');",
  'const exit = process.exit;',
  "process.exit = function (...args) { writeSync(1, 'process.exit\\n'); return exit.apply(process, args); };",
  "process.on('exit', (code) => writeSync(1, `exit ${code}\\n`));",
].join('\n'));

/** Runs `body` (CommonJS, with `finish` and `say`) under the watch; its status and stdout lines. */
function run(body: string): { status: number | null; lines: string[] } {
  const file = path.join(dir, `case-${Math.random().toString(36).slice(2)}.cjs`);
  writeFileSync(file, [
    `const { finish } = require(${JSON.stringify(path.join(repoRoot, 'dist/bundle/main.cjs'))});`,
    "const say = (s) => require('node:fs').writeSync(1, `${s}\\n`);",
    body,
  ].join('\n'));
  const r = spawnSync(process.execPath, ['-r', WATCH, file], { encoding: 'utf8' });
  return { status: r.status, lines: r.stdout.split('\n').filter(Boolean) };
}

t('nothing left to wait for: the process ends at once with the code', () => {
  assert.equal(run('Promise.resolve(7).then(finish);'), { status: 7, lines: ['process.exit', 'exit 7'] });
});

t('a timer still set: Node ends the run after it, with the code', () => {
  assert.equal(run("setTimeout(() => say('timer'), 20);\nPromise.resolve(5).then(finish);"), { status: 5, lines: ['timer', 'exit 5'] });
});

t('a promise chain still settling that starts I/O, a few steps on: it is waited for', () => {
  const out = path.join(dir, 'written');
  const body = `Promise.resolve().then(() => 1).then(() => 2).then(() => require('node:fs/promises').writeFile(${JSON.stringify(out)}, 'x')).then(() => say('written'));\nPromise.resolve(0).then(finish);`;
  assert.equal(run(body), { status: 0, lines: ['written', 'exit 0'] });
});

t('a beforeExit listener is called, as Node calls it', () => {
  assert.equal(run("process.once('beforeExit', () => say('beforeExit'));\nPromise.resolve(3).then(finish);"), { status: 3, lines: ['beforeExit', 'exit 3'] });
});

t('the bins end their runs through it', () => {
  for (const [bin, args] of [['layerplan', ['--version']], ['docker-layerplan', ['layerplan', '--version']]] as const) {
    const r = spawnSync(path.join(repoRoot, 'bin', bin), args, { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `-r ${WATCH}` } });
    assert.is(r.status, 0, r.stderr);
    assert.ok(r.stdout.endsWith('process.exit\nexit 0\n'), `${bin}: ${r.stdout}`);
  }
});

t.run();
