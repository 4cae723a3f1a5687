#!/usr/bin/env node
// Replays a repository's recent commits through `layerplan check --staged --strict`, as the pre-commit hook
// would have seen each one, and checks every fix the findings promise:
//   node scripts/replay-history.mjs REPO [COMMITS=30]
// Each commit C is staged on top of its parent P in a throwaway worktree (HEAD = P, index = C's tree, so
// check compares exactly that commit). A finding that says "`layerplan fix` rewrites it" is checked by
// running `fix --write` on C's tree: the Dockerfile must change, still plan (`build --json`), keep the same
// instructions (reordered, plus the manifests COPY) and no longer carry the finding. `layerplan lint` on
// every Dockerfile at the newest commit is counted too. Prints one line per commit and a JSON summary.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'layerplan');
const [repo, countArg] = process.argv.slice(2);
if (!repo) {
  console.error('usage: node scripts/replay-history.mjs REPO [COMMITS=30]');
  process.exit(2);
}
const count = Number(countArg ?? 30);
const git = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
const layerplan = (cwd, ...args) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1', CI: '1' } });

const commits = git(repo, 'rev-list', '--first-parent', `--max-count=${count}`, 'HEAD').split('\n').filter(Boolean);
const wt = mkdtempSync(path.join(tmpdir(), 'lp-replay-'));
rmSync(wt, { recursive: true });
git(repo, 'worktree', 'add', '-q', '--detach', '--no-checkout', wt, commits[0]);
// HEAD = the parent, index and files = the commit, as at `git commit` time. A partial clone may lack some
// blobs (large assets): what can be written is, the rest is left out.
const stage = (parent, c) => {
  git(wt, 'update-ref', '--no-deref', 'HEAD', parent);
  git(wt, 'read-tree', '--reset', c);
  spawnSync('git', ['checkout-index', '-a', '-f', '-q'], { cwd: wt, stdio: 'ignore' });
  spawnSync('git', ['clean', '-fdxq'], { cwd: wt, stdio: 'ignore' });
};
const summary = { repo: path.basename(path.resolve(repo)), commits: 0, checked: 0, refused: 0, findings: {}, fixesPromised: 0, fixesChecked: 0, fixProblems: [], errors: [] };
try {
  for (const c of commits) {
    const parent = spawnSync('git', ['rev-parse', '--verify', '-q', `${c}^`], { cwd: repo, encoding: 'utf8' }).stdout.trim();
    if (!parent) continue;
    summary.commits++;
    stage(parent, c);
    const r = layerplan(wt, 'check', '--staged', '--strict', '--json');
    if (r.status !== 0 && r.status !== 1) {
      summary.errors.push(`${c.slice(0, 10)}: check exited ${r.status}: ${r.stderr.trim().split('\n')[0]}`);
      console.log(`${c.slice(0, 10)} error ${r.stderr.trim().split('\n')[0]}`);
      continue;
    }
    const report = JSON.parse(r.stdout);
    const planned = report.dockerfiles.length;
    if (planned) summary.checked++;
    if (r.status === 1) summary.refused++;
    for (const f of report.findings) summary.findings[f.ruleId] = (summary.findings[f.ruleId] ?? 0) + 1;
    console.log(`${c.slice(0, 10)} ${planned} planned, ${report.findings.length} findings${r.status === 1 ? ' (commit refused)' : ''}${report.findings.map((f) => `\n    ${f.ruleId} ${f.dockerfile}:${f.line} ${f.message}`).join('')}`);
    const promised = report.findings.filter((f) => f.fix.includes('`layerplan fix` rewrites it'));
    if (promised.length) {
      summary.fixesPromised += promised.length;
      for (const f of promised) checkFix(wt, f, c);
    }
  }
  lintNewest();
} finally {
  spawnSync('git', ['worktree', 'remove', '--force', wt], { cwd: repo });
}
console.log(JSON.stringify(summary, null, 2));

function checkFix(dir, finding, commit) {
  const file = path.join(dir, finding.dockerfile);
  const before = readFileSync(file, 'utf8');
  const problem = (what) => summary.fixProblems.push(`${commit.slice(0, 10)} ${finding.ruleId} ${finding.dockerfile}:${finding.line}: ${what}`);
  const fix = layerplan(dir, 'fix', '-f', finding.dockerfile, '--write', '--no-ignore');
  const after = readFileSync(file, 'utf8');
  try {
    if (fix.status !== 0) return problem(`fix exited ${fix.status}: ${fix.stderr.trim()}`);
    if (after === before) return problem(`fix changed nothing: ${fix.stderr.trim()}`);
    const plan = layerplan(dir, 'build', path.dirname(finding.dockerfile) || '.', '-f', finding.dockerfile, '--json', '--no-tui');
    if (plan.status !== 0) return problem(`the fixed Dockerfile does not plan: ${plan.stderr.trim().split('\n')[0]}`);
    const lines = (t) => t.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).sort();
    const added = lines(after).filter((l) => !lines(before).includes(l));
    const lost = lines(before).filter((l) => !lines(after).includes(l));
    if (lost.length || added.some((l) => !/^COPY /i.test(l))) return problem(`fix did more than reorder and add a manifests COPY: +${added.join(' | ')} -${lost.join(' | ')}`);
    const again = layerplan(dir, 'lint', finding.dockerfile, '--json');
    const still = again.stdout ? JSON.parse(again.stdout).findings.filter((f) => f.ruleId === 'LP101' && f.dockerfile === finding.dockerfile) : [];
    if (still.length) return problem(`LP101 still fires after the fix: ${still[0].message}`);
    summary.fixesChecked++;
  } finally {
    git(dir, 'checkout-index', '-f', '--', finding.dockerfile);
  }
}

function lintNewest() {
  stage(commits[0], commits[0]);
  const r = layerplan(wt, 'lint', '--json');
  if (!r.stdout) return summary.errors.push(`lint: ${r.stderr.trim()}`);
  const findings = JSON.parse(r.stdout).findings;
  summary.lint = {};
  for (const f of findings) summary.lint[f.ruleId] = (summary.lint[f.ruleId] ?? 0) + 1;
  console.log(`lint at ${commits[0].slice(0, 10)}: ${findings.length} findings${findings.map((f) => `\n    ${f.ruleId} ${f.dockerfile}:${f.line} ${f.message}`).join('')}`);
  const fix = layerplan(wt, 'fix');
  summary.lintFixDiff = fix.stdout.split('\n').filter((l) => l.startsWith('+++ ')).map((l) => l.slice(4));
}
