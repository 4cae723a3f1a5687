// `check --staged --against ci` (the pre-commit hook asking CI's shared records) in the 20,000-file repository
// of row 2, with one staged README edit, beside plain `check --staged` and `git status --porcelain`, and beside
// the same records without the git notes that let unchanged Dockerfiles go unplanned (an older version's: every
// recorded Dockerfile planned in full). CI's records are five real-build records made by `layerplan timings`
// from BuildKit logs of full builds in a "ci" clone and pushed; the measured "dev" clone pulled them.
// CI's checkout leaves `.git` out of the root context (a commit on top of row 2's repository adds it to the
// .dockerignore), so every record is clean and the root Dockerfile's COPY . . is planned from CI's recorded
// selection with the staged files put in (app/shared-patched.ts), not from the 20,000-file index.
// The paired runs have two caches in the git dir warm: the blob digests (.git/layerplan/blob-xxh64) and the
// checks of CI's recorded selections against their commit (.git/layerplan/checked-selections, made by
// `layerplan pull`, or by the first --against run where git alone fetched the records). Their first (cache-miss) runs are timed and shown apart.
// Every run is in a fresh copy of the dev clone (made per bench run, removed at the end), as row 2's: the
// lstats of files written hours ago cost several times those of fresh ones on these VMs (docs/development.md).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, RUNS, cliEnv, median, paired, timed } from '../measure.mjs';
import { ensureRepo } from '../rows/2-check-staged.mjs';

export const name = 'check --staged --against ci (20,000-file repo, 5 recorded Dockerfiles, one staged README)';

const SOURCE = '/tmp/layerplan-bench-check';
const ROOT = '/tmp/layerplan-bench-shared-v3';
const MARKER = path.join(ROOT, '.complete-v3');
const DEV = path.join(ROOT, 'dev');
const DOCKERFILES = ['.', 'services/svc-0', 'services/svc-1', 'services/svc-2', 'services/svc-3'];

function git(cwd, ...args) {
  return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28, env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@e', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@e' } });
}

const lp = (cwd, env, ...args) => execFileSync(BIN, [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });

/** The plain BuildKit log of a build that ran every step of the Dockerfile (each `DONE`, none `CACHED`). */
function fullBuildLog(dockerfile) {
  const lines = readFileSync(dockerfile, 'utf8').split('\n').filter(Boolean);
  return lines.map((l, i) => `#${i + 1} [${i + 1}/${lines.length}] ${i === 0 ? l.replace(/^FROM (\S+)/, 'FROM docker.io/library/$1') : l}\n#${i + 1} DONE ${(0.3 + i * 0.7).toFixed(1)}s\n`).join('\n');
}

function ensureFixture() {
  ensureRepo();
  if (existsSync(MARKER)) return;
  console.error(`making CI's records of ${SOURCE} under ${ROOT} (once)...`);
  rmSync(ROOT, { recursive: true, force: true });
  git('/tmp', 'clone', '-q', '--bare', SOURCE, path.join(ROOT, 'remote.git'));
  const ci = path.join(ROOT, 'ci');
  git(ROOT, 'clone', '-q', path.join(ROOT, 'remote.git'), ci);
  writeFileSync(path.join(ci, '.dockerignore'), `${readFileSync(path.join(ci, '.dockerignore'), 'utf8').trimEnd()}\n.git\n`);
  git(ci, 'commit', '-qam', 'dockerignore .git');
  git(ci, 'push', '-q', 'origin', 'HEAD');
  const env = cliEnv(path.join(ROOT, 'ci-store'));
  for (const dir of DOCKERFILES) {
    const log = path.join(ROOT, `log-${dir.replace(/\W/g, '_')}.txt`);
    writeFileSync(log, fullBuildLog(path.join(ci, dir, 'Dockerfile')));
    lp(ci, env, 'timings', dir, '--log', log);
  }
  lp(ci, env, 'push', '--as', 'ci');
  git(ROOT, 'clone', '-q', path.join(ROOT, 'remote.git'), DEV);
  lp(DEV, env, 'pull');
  // The same records as an older version wrote them (no git notes): refs/layerplan/old.
  const strip = `const { readRecords, readSelections, recordsRef, writeRecords } = await import(${JSON.stringify(path.resolve(path.dirname(BIN), '../dist/src/git/records.js'))});
const dir = ${JSON.stringify(DEV)};
const records = readRecords(dir, recordsRef('ci')).map((r) => { const b = JSON.parse(r.body); delete b.run.git; return { name: r.name, body: Buffer.from(JSON.stringify(b) + '\\n') }; });
const digests = records.flatMap((r) => [...r.body.toString().matchAll(/"digest":"([0-9a-f]{16})"/g)].map((m) => m[1]));
writeRecords(dir, recordsRef('old'), records, { selections: readSelections(dir, recordsRef('ci'), digests), now: new Date(), message: 'old' });`;
  execFileSync(process.execPath, ['--input-type=module', '-e', strip]);
  writeFileSync(MARKER, new Date().toISOString());
}

export async function run(report) {
  ensureFixture();
  const work = mkdtempSync(path.join(tmpdir(), 'lp-bench-shared-'));
  try {
    await measure(report, path.join(work, 'dev'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function measure(report, dev) {
  execFileSync('cp', ['-a', DEV, dev]);
  writeFileSync(path.join(dev, 'README.md'), '# bench\n\nA one-line edit.\n');
  git(dev, 'add', 'README.md');
  const env = cliEnv(path.join(ROOT, 'dev-store'));
  const check = (against) => () => timed(BIN, ['check', '--staged', ...(against ? ['--against', against] : [])], { cwd: dev, env, okStatus: [0, 10] });
  const out = JSON.parse(lp(dev, env, 'check', '--staged', '--against', 'ci', '--json').toString());
  report('what is planned', { recorded: out.dockerfiles.length, unchanged: out.shared.unchanged.length, planned: out.dockerfiles.length - out.shared.unchanged.length, 'of them from the records\' selections (patched)': out.shared.patched?.length ?? 0 });
  const blobs = path.join(dev, '.git', 'layerplan', 'blob-xxh64');
  const checks = path.join(dev, '.git', 'layerplan', 'checked-selections');
  rmSync(blobs, { force: true });
  rmSync(checks, { force: true });
  report('first run, blob cache and remembered checks empty (cache miss)', { ms: Math.round(check('ci')()) });
  rmSync(checks, { force: true });
  report('first run with no checks remembered (records fetched by git alone; blob cache warm)', { ms: Math.round(check('ci')()) });
  check('ci')();
  const vsStatus = paired(check('ci'), () => timed('git', ['status', '--porcelain'], { cwd: dev }));
  const vsOld = paired(check('ci'), check('old'));
  const vsPlain = paired(check('ci'), check(null));
  const ms = (x) => Math.round(x);
  report('check --staged --against ci (warm)', { medianMs: ms(vsStatus.subject), runs: vsStatus.subjectRuns.map(ms).join(' ') });
  report('reference: git status --porcelain', { medianMs: ms(vsStatus.reference), ratio: vsStatus.ratio.toFixed(2) });
  report('reference: the same records without git notes (every Dockerfile planned)', { medianMs: ms(vsOld.reference), ratio: vsOld.ratio.toFixed(2) });
  report('reference: plain check --staged', { medianMs: ms(vsPlain.reference), ratio: vsPlain.ratio.toFixed(2) });
  // On a shared machine wall time mostly measures the queue for a core: CPU time (user + sys, GNU time) beside it.
  if (existsSync('/usr/bin/time')) {
    const cpu = (args) => {
      const r = spawnSync('/usr/bin/time', ['-f', '%U %S', BIN, ...args], { cwd: dev, env, encoding: 'utf8', maxBuffer: 1 << 28 });
      const [user, sys] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
      return (user + sys) * 1000;
    };
    const rows = { 'check --staged --against ci': [], 'the same records without git notes': [], 'plain check --staged': [] };
    for (let i = 0; i < RUNS; i++) {
      rows['check --staged --against ci'].push(cpu(['check', '--staged', '--against', 'ci']));
      rows['the same records without git notes'].push(cpu(['check', '--staged', '--against', 'old']));
      rows['plain check --staged'].push(cpu(['check', '--staged']));
    }
    for (const [what, xs] of Object.entries(rows)) report(`CPU (user+sys) ${what}`, { medianMs: ms(median(xs)), runs: xs.map(ms).join(' ') });
  }
  report.note('ratio: median over the pairs of --against ci / reference; 300 ms is the hook budget');
}
