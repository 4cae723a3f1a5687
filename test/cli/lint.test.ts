/** `layerplan lint` as hadolint users expect it: any path or stdin, in or out of git, report on stdout, hadolint's flags and formats. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { layerplan } from '../_helpers/cli.js';
import { commitAll, git, tempRepo } from '../git/_helpers/git-repo.js';

const t = suite('cli/lint');
const UNPINNED = 'FROM node\nCOPY . .\nRUN npm ci\n';

/** A folder outside any git repository (mkdtemp under the OS temp dir, which no repository holds). */
function looseDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-lint-'));
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), body);
  }
  return dir;
}

t('outside git: a named file is linted with its context from disk; the report is on stdout, stderr stays empty', () => {
  const dir = looseDir({ Dockerfile: UNPINNED, 'package.json': '{}' });
  const r = layerplan(['lint', 'Dockerfile'], { cwd: dir });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stderr, '');
  assert.match(r.stdout, 'LP301 Dockerfile:1');
  assert.match(r.stdout, 'COPY package.json ./', 'the fix names only the manifest that exists');
  assert.not.match(r.stdout, 'package-lock.json');
});

t('outside git with no FILE: every Dockerfile under the folder, vendor/ and node_modules/ left out', () => {
  const dir = looseDir({ Dockerfile: 'FROM busybox:1.36\n', 'svc/Dockerfile': 'FROM node\n', 'vendor/x/Dockerfile': 'FROM node\n', 'node_modules/y/Dockerfile': 'FROM node\n' });
  const r = layerplan(['lint', '--json'], { cwd: dir });
  assert.is(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { dockerfiles: { dockerfile: string }[]; findings: { dockerfile: string }[] };
  assert.equal(report.dockerfiles.map((d) => d.dockerfile), ['Dockerfile', 'svc/Dockerfile']);
  assert.equal(report.findings.map((f) => f.dockerfile), ['svc/Dockerfile']);
});

t('in git: vendor/ Dockerfiles are skipped unless named', () => {
  const dir = tempRepo({ Dockerfile: 'FROM busybox:1.36\n', 'vendor/lib/Dockerfile': 'FROM node\n' });
  git(dir, 'add', '-A');
  const all = JSON.parse(layerplan(['lint', '--json'], { cwd: dir }).stdout) as { dockerfiles: { dockerfile: string }[] };
  assert.equal(all.dockerfiles.map((d) => d.dockerfile), ['Dockerfile']);
  const named = JSON.parse(layerplan(['lint', '--json', 'vendor/lib/Dockerfile'], { cwd: dir }).stdout) as { dockerfiles: { dockerfile: string }[] };
  assert.equal(named.dockerfiles.map((d) => d.dockerfile), ['vendor/lib/Dockerfile']);
});

t('- reads the Dockerfile from stdin and names it "-"; context rules stay silent without --context', () => {
  const r = layerplan(['lint', '-', '--format', 'json'], { cwd: looseDir({}), input: 'FROM node:latest\nADD https://example.com/a.tgz /tmp/\n' });
  assert.is(r.status, 0, r.stderr);
  const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; dockerfile: string; line: number }[] }).findings;
  assert.equal(findings.map((f) => [f.ruleId, f.dockerfile, f.line]), [['LP301', '-', 1], ['LP302', '-', 2]]);
  const install = layerplan(['lint', '-', '--json'], { cwd: looseDir({}), input: UNPINNED });
  const lp101 = (JSON.parse(install.stdout) as { findings: { ruleId: string; fix: string }[] }).findings.find((f) => f.ruleId === 'LP101');
  assert.ok(lp101, 'the order is wrong whatever the context');
  assert.match(lp101.fix, 'not rewritten automatically: no build context was given (pass --context DIR)');
  assert.not.match(lp101.fix, 'layerplan fix', 'no rewrite promised that fix cannot make');
});

t('a missing file is an error naming it (exit 3), in git and out of it', () => {
  for (const cwd of [looseDir({}), tempRepo({})]) {
    const r = layerplan(['lint', 'nonexistent.Dockerfile'], { cwd });
    assert.is(r.status, 3);
    assert.match(r.stderr, 'nonexistent.Dockerfile');
    assert.is(r.stdout, '');
  }
});

t("hadolint's --failure-threshold, --no-fail and --ignore", () => {
  const dir = looseDir({ Dockerfile: 'FROM node\n' });
  assert.is(layerplan(['lint', 'Dockerfile'], { cwd: dir }).status, 0, 'a warning alone does not fail');
  assert.is(layerplan(['lint', 'Dockerfile', '--failure-threshold', 'warning'], { cwd: dir }).status, 1);
  assert.is(layerplan(['lint', 'Dockerfile', '--failure-threshold', 'style'], { cwd: dir }).status, 1);
  assert.is(layerplan(['lint', 'Dockerfile', '--failure-threshold', 'warning', '--no-fail'], { cwd: dir }).status, 0);
  const ignored = layerplan(['lint', 'Dockerfile', '--failure-threshold', 'warning', '--ignore', 'lp301'], { cwd: dir });
  assert.is(ignored.status, 0);
  assert.not.match(ignored.stdout, 'LP301');
  const bad = layerplan(['lint', 'Dockerfile', '--failure-threshold', 'loud'], { cwd: dir });
  assert.is(bad.status, 2);
  assert.match(bad.stderr, '--failure-threshold must be');
});

t('--ignore LP001 / --disable LP001 silence it in lint (in git and out of it) and in check; an error again without', () => {
  const broken = 'FROM busybox:1.36\nFROBNICATE x\n';
  for (const cwd of [looseDir({ Dockerfile: broken }), tempRepo({ Dockerfile: broken })]) {
    const plain = layerplan(['lint', 'Dockerfile'], { cwd });
    assert.is(plain.status, 1, plain.stderr);
    assert.match(plain.stdout, 'LP001 Dockerfile:2');
    for (const flag of ['--ignore', '--disable']) {
      const off = layerplan(['lint', 'Dockerfile', flag, 'LP001'], { cwd });
      assert.is(off.status, 0, `${flag}: ${off.stdout}`);
      assert.not.match(off.stdout, 'LP001');
    }
  }
  const repo = tempRepo({ Dockerfile: 'FROM busybox:1.36\nCOPY go.mod .\n', 'go.mod': 'module x\n' });
  commitAll(repo);
  git(repo, 'rm', '-q', 'go.mod');
  assert.is(layerplan(['check'], { cwd: repo }).status, 1);
  const off = layerplan(['check', '--disable', 'LP001'], { cwd: repo });
  assert.is(off.status, 0, off.stdout);
  assert.not.match(off.stdout, 'LP001');
});

t('a file-wide `# layerplan global ignore=` pragma through the CLI', () => {
  const dir = looseDir({ Dockerfile: '# layerplan global ignore=LP301\nFROM node\nFROM node:latest\n' });
  const r = layerplan(['lint', 'Dockerfile', '--json'], { cwd: dir });
  assert.equal((JSON.parse(r.stdout) as { findings: unknown[] }).findings, []);
});

t('--format checkstyle and gitlab', () => {
  const dir = looseDir({ Dockerfile: 'FROM node\n' });
  const xml = layerplan(['lint', 'Dockerfile', '--format', 'checkstyle'], { cwd: dir }).stdout;
  assert.match(xml, /<file name="Dockerfile">\n {4}<error line="1" column="1" severity="warning" message="FROM node uses no tag[^"]*&lt;version&gt;[^"]*" source="LP301"\/>/);
  const issues = JSON.parse(layerplan(['lint', 'Dockerfile', '--format', 'gitlab'], { cwd: dir }).stdout) as { check_name: string; severity: string; location: { path: string; lines: { begin: number } }; fingerprint: string }[];
  assert.equal(issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin]), [['LP301', 'minor', 'Dockerfile', 1]]);
  assert.match(issues[0]?.fingerprint ?? '', /^[0-9a-f]{32}$/);
});

t.run();
