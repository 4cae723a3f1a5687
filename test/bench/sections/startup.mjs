// Start-up wall time of `layerplan build` on a small example: the JSON path
// (no Ink) and the interactive view in a pseudo-terminal (util-linux `script`),
// quitting at once: `q` is sent as soon as the key-help line is drawn (a key
// typed before Ink puts the terminal in raw mode is lost). Beside: `node -e 0`.
// Each is the median of RUNS runs against a store that already has the run,
// so the plan is all-cached, as on a developer's second build.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const name = 'start-up (build, small example)';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(repo, 'bin/layerplan');
const EXAMPLE = path.join(repo, 'examples-dockerfiles/node-app');
const RUNS = 9;

export async function run(report) {
  const dir = mkdtempSync(path.join(tmpdir(), 'layerplan-bench-startup-'));
  try {
    const app = path.join(dir, 'app');
    if (existsSync(EXAMPLE)) cpSync(EXAMPLE, app, { recursive: true });
    else throw new Error(`${EXAMPLE} is missing`);
    const env = { ...process.env, LAYERPLAN_CACHE_DIR: path.join(dir, 'cache'), DOCKER_HOST: 'unix:///nonexistent', NO_COLOR: '1' };
    delete env.CI;
    const first = spawnSync(process.execPath, [BIN, 'build', app, '--no-tui', '--assume-built'], { env, stdio: 'ignore' });
    if (first.status !== 0) throw new Error(`layerplan build ${app} exited ${first.status}`);
    const node = median(times(() => spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' })));
    const json = median(times(() => check(spawnSync(process.execPath, [BIN, 'build', app, '--dry-run', '--json'], { env, stdio: 'ignore' }))));
    const tuiRuns = [];
    for (let i = 0; i < RUNS; i++) tuiRuns.push(await quitWhenShown(`'${process.execPath}' '${BIN}' build '${app}' --dry-run`, env));
    const tui = median(tuiRuns.map((r) => r.total));
    const firstFrame = median(tuiRuns.map((r) => r.shown));
    report.row({ metric: 'node -e 0', value: node, unit: 'ms' });
    report.row({ metric: 'layerplan build --json', value: json, unit: 'ms', note: `median of ${RUNS}` });
    report.row({ metric: 'layerplan build (TUI): view drawn', value: firstFrame, unit: 'ms', note: `median of ${RUNS}, in a pty (script)` });
    report.row({ metric: 'layerplan build (TUI, q at once)', value: tui, unit: 'ms', note: 'start to exit, q sent when the view is drawn' });
    report.row({ metric: 'TUI cost over --json', value: tui - json, unit: 'ms', note: 'Ink + React load, first render, raw-mode set-up' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `command` in a pseudo-terminal, sends q once the key-help line shows; ms until shown and until exit. */
function quitWhenShown(command, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...env, TERM: 'xterm-256color' }, stdio: ['pipe', 'pipe', 'ignore'] });
    const timer = setTimeout(() => child.kill(), 30_000);
    let out = '';
    let shown = 0;
    child.stdout.on('data', (d) => {
      out += d;
      if (!shown && out.includes('q/esc quit')) {
        shown = ms();
        child.stdin.write('q');
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0 && shown) resolve({ shown, total: ms() });
      else reject(new Error(`the TUI run exited ${code}${shown ? '' : ' before drawing the view'}`));
    });
  });
}

function check(res) {
  if (res.status !== 0) throw new Error(`exited ${res.status ?? res.signal}`);
  return res;
}

function times(fn) {
  const out = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return out;
}

function median(list) {
  const s = [...list].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)]);
}
