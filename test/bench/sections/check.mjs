// `layerplan check --staged` on a generated git repository: 20,000 tracked files, 5 Dockerfiles (one
// whose context is the whole repository, four with their own service folder), and a one-file staged
// change (README.md, in the root Dockerfile's context: both plans of that Dockerfile cover all files).
// Beside it, `git status` in the same repository and the same run. Target: < 300 ms and within 3x.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const name = 'check';

const ROOT = '/tmp/layerplan-bench-check';
const MARKER = path.join(ROOT, '.complete-v1');
const FILES = 20_000;
const RUNS = 9;
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/layerplan');

const ROOT_DOCKERFILE = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\n';
const SERVICE_DOCKERFILE = 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n';

function git(...args) {
  return execFileSync('git', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28, env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@e', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@e' } });
}

function ensureRepo(log) {
  if (existsSync(MARKER)) return;
  log(`generating a git repository of ${FILES} files under ${ROOT} (once)...`);
  rmSync(ROOT, { recursive: true, force: true });
  const write = (rel, data) => {
    mkdirSync(path.dirname(path.join(ROOT, rel)), { recursive: true });
    writeFileSync(path.join(ROOT, rel), data);
  };
  write('Dockerfile', ROOT_DOCKERFILE);
  write('.dockerignore', 'node_modules\n');
  write('package.json', '{"name":"bench"}\n');
  write('package-lock.json', '{}\n');
  write('README.md', '# bench\n');
  let n = 5;
  for (let s = 0; s < 4; s++) {
    for (const [f, c] of [['Dockerfile', SERVICE_DOCKERFILE], ['package.json', `{"name":"svc-${s}"}\n`], ['package-lock.json', '{}\n']]) write(`services/svc-${s}/${f}`, c);
    n += 3;
  }
  for (let i = 0; n < FILES; i++, n++) {
    const svc = i % 5 === 4 ? 'lib' : `services/svc-${i % 4}`;
    write(`${svc}/src/mod-${Math.floor(i / 100) % 50}/file-${i}.ts`, `export const v${i} = ${i};\n`);
  }
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'bench');
  writeFileSync(MARKER, new Date().toISOString());
}

function median(list) {
  const s = [...list].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, r };
}

export async function run(report) {
  ensureRepo((m) => console.error(m));
  writeFileSync(path.join(ROOT, 'README.md'), '# bench\n\nA one-line edit.\n');
  git('add', 'README.md');
  const first = time(process.execPath, [bin, 'check', '--staged', '--json']);
  const findings = JSON.parse(first.r.stdout).findings.map((f) => f.ruleId);
  const check = [];
  const status = [];
  for (let i = 0; i < RUNS; i++) {
    check.push(time(process.execPath, [bin, 'check', '--staged']).ms);
    status.push(time('git', ['status', '--porcelain']).ms);
  }
  const c = median(check);
  const g = median(status);
  report.row({ metric: 'check --staged, 20k files, 5 Dockerfiles, 1 staged file (median)', value: c, unit: 'ms', note: `target < 300 ms; ${RUNS} runs` });
  report.row({ metric: 'git status --porcelain, same repo (median)', value: g, unit: 'ms' });
  report.row({ metric: 'check / git status', value: c / g, unit: 'x', note: 'target <= 3' });
  report.note(`check found: ${findings.join(', ') || 'nothing'} (the README edit under COPY . . busts npm ci)`);
}
