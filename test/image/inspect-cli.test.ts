import path from 'node:path';
import { PassThrough } from 'node:stream';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.js';

/** `layerplan inspect` end to end through main(), as a user runs it. */
const test = suite('image/inspect-cli');
const fixtures = path.resolve('test/fixtures/images');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await main(argv, { stdout, stderr, stdin: new PassThrough(), env: { DOCKER_HOST: 'unix:///nonexistent.sock' }, cwd: fixtures });
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

test.run();
