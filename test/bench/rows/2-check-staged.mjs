// `check --staged` in a generated git repository of 20,000 tracked files with 5 Dockerfiles (one whose
// context is the whole repository, four with their own service folder) and one staged README edit,
// beside `git status --porcelain` in the same repository.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, cliEnv, paired, timed } from '../measure.mjs';

export const what = '`check --staged`, 20,000-file repo, 5 Dockerfiles, one staged README';
export const reference = '`git status --porcelain`';
export const target = 3;

const ROOT = '/tmp/layerplan-bench-check';
const MARKER = path.join(ROOT, '.complete-v2');
const FILES = 20_000;
const ROOT_DOCKERFILE = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\n';
const SERVICE_DOCKERFILE = 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n';

function git(...args) {
  return execFileSync('git', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28, env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@e', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@e' } });
}

export function ensureRepo() {
  if (existsSync(MARKER)) return;
  console.error(`generating a git repository of ${FILES} files under ${ROOT} (once)...`);
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
  // commit would start `gc --auto` in the background for 20,000 loose objects, and it packs them while
  // freshCopy's cp reads them (cp: cannot stat .git/objects/..); pack once here instead, as a clone is
  git('config', 'gc.auto', '0');
  git('add', '-A');
  git('commit', '-q', '-m', 'bench');
  git('gc', '-q');
  writeFileSync(MARKER, new Date().toISOString());
}

/**
 * A fresh copy of the repository (see run for why) with the README edit staged, and an empty folder for
 * layerplan's store; the caller removes both.
 */
export function freshCopy(prefix) {
  ensureRepo();
  const work = mkdtempSync(path.join(tmpdir(), `${prefix}-repo-`));
  const repo = path.join(work, 'repo');
  const cache = mkdtempSync(path.join(tmpdir(), `${prefix}-cache-`));
  execFileSync('cp', ['-a', ROOT, repo]);
  writeFileSync(path.join(repo, 'README.md'), '# bench\n\nA one-line edit.\n');
  execFileSync('git', ['add', 'README.md'], { cwd: repo });
  return { work, repo, cache };
}

/**
 * Both commands run in a fresh copy of the repository, not in the fixture itself. On this project's VMs
 * an lstat of a file created hours ago costs ~12 µs against ~2 µs for one just written (find over the
 * fixture: 0.26 s of system time, over a copy: 0.03 s), so `git status`, which lstats every tracked
 * file, measured in an old fixture is several times slower than in a repository one works in, while
 * check reads only git's index and objects: the ratio looked better than it is (1.9× in the old
 * fixture, 6.8× in a copy, the same hour). The copy is made per run and its index refreshed once.
 */
export async function run() {
  const { work, repo, cache } = freshCopy('lp-bench-check');
  try {
    // check exits 10 when the staged change rebuilds a cached layer (it does here); other failures throw.
    const env = cliEnv(cache);
    const check = () => timed(BIN, ['check', '--staged'], { cwd: repo, env, okStatus: [0, 10] });
    const status = () => timed('git', ['status', '--porcelain'], { cwd: repo });
    status(); // the copy's inode numbers differ from the index's: the first status refreshes it
    check(); // the first run may write caches
    return paired(check, status);
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
}
