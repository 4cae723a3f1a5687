/**
 * cli/std-out.ts: stdout and stderr written with fs.writeSync where Node's stream adds nothing (a pipe, a
 * file, /dev/null), every byte delivered, and a write error (EPIPE: the reader left) ending the process
 * as Node's stream's unhandled 'error' does: exit 1 with the error on stderr.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../_helpers/cli.js';

const t = suite('cli/std-out');
const MODULE = pathToFileURL(path.join(repoRoot, 'dist/src/cli/std-out.js')).href;

/** A child that writes `lines` lines through stdStream(1) and says on stderr whether it wrote directly. */
function writer(lines: number): string[] {
  const code = `import(${JSON.stringify(MODULE)}).then(({ stdStream }) => { const out = stdStream(1, () => process.stdout); for (let i = 0; i < ${lines}; i++) out.write('line ' + i + ' é\\n'); process.stderr.write(out === process.stdout ? 'node\\n' : 'direct\\n'); });`;
  return ['--input-type=module', '-e', code];
}

const expected = (lines: number): string => Array.from({ length: lines }, (_, i) => `line ${i} é\n`).join('');

t('a pipe and a file are written directly, every byte as written (UTF-8)', () => {
  const piped = spawnSync(process.execPath, writer(20000), { encoding: 'utf8', maxBuffer: 1 << 24 });
  assert.is(piped.status, 0, piped.stderr);
  assert.is(piped.stderr, 'direct\n');
  assert.ok(piped.stdout === expected(20000), 'the pipe got every line');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'lp-std-out-')), 'out.txt');
  const fd = openSync(file, 'w');
  const filed = spawnSync(process.execPath, writer(300), { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
  closeSync(fd);
  assert.is(filed.status, 0, filed.stderr);
  assert.is(filed.stderr, 'direct\n');
  assert.is(readFileSync(file, 'utf8'), expected(300));
  const devnull = spawnSync(process.execPath, writer(3), { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  assert.is(devnull.stderr, 'direct\n', '/dev/null');
});

t('a reader that left (EPIPE): exit 1, the error on stderr, as Node\'s stream has it', () => {
  // The reader closes its end at once; the child writes after its start-up.
  const r = spawnSync('sh', ['-c', `{ "${process.execPath}" "$@"; echo "exit $?" >&2; } | (exec <&-; sleep 1)`, 'sh', ...writer(1000)], { encoding: 'utf8' });
  assert.match(r.stderr, /Unhandled 'error' event[\s\S]*EPIPE[\s\S]*\nexit 1\n$/);
});

t.run();
