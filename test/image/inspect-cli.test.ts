import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.js';

/** `layerplan inspect` end to end through main(), as a user runs it. */
const test = suite('image/inspect-cli');
const fixtures = path.resolve('test/fixtures/images');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return runIn(fixtures, ...argv);
}

async function runIn(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await main(argv, { stdout, stderr, stdin: new PassThrough(), env: { DOCKER_HOST: 'unix:///nonexistent.sock' }, cwd });
  return { code, out, err };
}

test('text: history lined up with the Dockerfile, layer changes, waste', async () => {
  const r = await run('inspect', 'docker-save-buildkit.tar', '-f', 'src/Dockerfile');
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /Efficiency 13\.3%: 6\.10 kB of 7\.04 kB written to files is hidden by later layers/);
  assert.match(r.out, /src\/Dockerfile:5\s+RUN \/bin\/t rm \/data\/junk\.bin/);
  assert.match(r.out, /- data\/cache \(1\.00 kB\)/);
  assert.match(r.out, /3\.10 kB\s+2\s+data\/big\.txt/);
});

test('--json gives the report with a schema version and Dockerfile matches', async () => {
  const r = await run('inspect', 'oci-layout-buildah', '--json', '-f', 'src/Dockerfile');
  assert.is(r.code, 0, r.err);
  const report = JSON.parse(r.out);
  assert.is(report.schemaVersion, 1);
  assert.is(report.summary.wastedBytes, 6100);
  assert.equal(report.history.map((h: { match: { kind: string; step?: { line: number } } }) => h.match.step?.line ?? h.match.kind), [2, 3, 4, 5, 6, 7, 8, 9]);
});

test('bad input and bad flags exit with a message, not a stack', async () => {
  const missing = await run('inspect', 'nope.tar');
  assert.is(missing.code, 3);
  assert.match(missing.err, /^layerplan: "nope\.tar" is not a file or directory/);
  const notImage = await run('inspect', 'src/Dockerfile');
  assert.is(notImage.code, 3);
  assert.match(notImage.err, /not a tar archive/);
  assert.is((await run('inspect')).code, 2);
  assert.is((await run('inspect', 'x', '--bogus')).code, 2);
  const noDockerfile = await run('inspect', 'docker-save-buildkit.tar', '-f', 'missing/Dockerfile');
  assert.is(noDockerfile.code, 3);
  assert.match(noDockerfile.err, /cannot read the Dockerfile missing\/Dockerfile/);
});

test('--ci: dive\'s rules with PASS/FAIL per rule; an image 13% efficient fails with exit 1', async () => {
  const r = await run('inspect', 'docker-save-buildkit.tar', '--ci');
  assert.is(r.code, 1, r.err);
  // dive's figures: big.txt written twice wastes both copies (3.10 kB + 18 B), junk.bin's deletion 2.00 kB, the deleted cache/ folder nothing.
  assert.match(r.out, /CI rules \(dive's defaults\), over dive's figures: efficiency 36\.5%, wasted 5\.12 kB, user wasted 83\.5% of 6\.13 kB\n {2}FAIL {2}lowestEfficiency: 36\.5% < 90\.0%\n {2}SKIP {2}highestWastedBytes: rule disabled\n {2}FAIL {2}highestUserWastedPercent: 83\.5% > 10\.0%\n/);
  assert.match(r.out, /Result: FAIL \[total 3, passed 0, failed 2, skipped 1\]\n$/);
  const loose = await run('inspect', 'docker-save-buildkit.tar', '--ci', '--lowest-efficiency', '0.1', '--highest-user-wasted-percent', 'disabled', '--highest-wasted-bytes', '10KB');
  assert.is(loose.code, 0, loose.out);
  assert.match(loose.out, /CI rules \(flags\)/);
  assert.match(loose.out, /PASS {2}highestWastedBytes: 5\.12 kB <= 10\.0 kB/);
  const equal = await run('inspect', 'docker-save-buildkit.tar', '--ci', '--lowest-efficiency', '0', '--highest-user-wasted-percent', 'off', '--highest-wasted-bytes', '5118');
  assert.is(equal.code, 0, `a value equal to the threshold passes, as in dive: ${equal.out}`);
  const json = await run('inspect', 'docker-save-buildkit.tar', '--ci', '--json');
  assert.is(json.code, 1);
  assert.equal(JSON.parse(json.out).ci.rules.map((x: { status: string }) => x.status), ['fail', 'skip', 'fail']);
  const bad = await run('inspect', 'docker-save-buildkit.tar', '--ci', '--lowest-efficiency', '90%');
  assert.is(bad.code, 2);
  assert.match(bad.err, /--lowest-efficiency "90%": must be a ratio between 0 and 1/);
});

test('--ci reads .dive-ci from the current folder (flags win over it); keys dive ignores are named and ignored; a bad value is named', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-ci-'));
  const tar = path.join(fixtures, 'docker-save-buildkit.tar');
  writeFileSync(path.join(dir, '.dive-ci'), 'rules:\n  lowestEfficiency: 0.1\n  highestUserWastedPercent: disabled\n');
  const r = await runIn(dir, 'inspect', tar, '--ci');
  assert.is(r.code, 0, r.out);
  assert.match(r.out, /CI rules \(\.dive-ci\), over dive's figures[^\n]*\n {2}PASS {2}lowestEfficiency/);
  const flagged = await runIn(dir, 'inspect', tar, '--ci', '--lowest-efficiency', '0.5');
  assert.is(flagged.code, 1);
  assert.match(flagged.out, /CI rules \(\.dive-ci and flags\)/);
  writeFileSync(path.join(dir, 'typo.yml'), 'rules:\n  lowestEfficency: 0.1\n');
  const typo = await runIn(dir, 'inspect', tar, '--ci', '--ci-config', 'typo.yml');
  assert.is(typo.code, 1, 'the misspelt rule is ignored, as dive ignores it, so the default 0.9 fails');
  assert.match(typo.err, /typo\.yml: rules\.lowestEfficency: not one of lowestEfficiency, highestWastedBytes, highestUserWastedPercent; ignored/);
  writeFileSync(path.join(dir, 'strict.yml'), 'rules:\n  lowestEfficiency: 95\n');
  const bad = await runIn(dir, 'inspect', tar, '--ci', '--ci-config', 'strict.yml');
  assert.is(bad.code, 3);
  assert.match(bad.err, /strict\.yml: rules\.lowestEfficiency must be a ratio between 0 and 1/);
  const missing = await runIn(dir, 'inspect', tar, '--ci', '--ci-config', 'nope.yml');
  assert.is(missing.code, 3);
  assert.match(missing.err, /cannot read the CI config nope\.yml/);
});

test.run();
