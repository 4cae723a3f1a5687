import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { layerplan } from '../_helpers/cli.js';

/** Usage errors in our own words (one line, exit 2), and `help COMMAND`. */
const t = suite('cli/usage');

t('an unknown flag gets one line naming it, not parseArgs\' advice about --', () => {
  const r = layerplan(['build', '--bogus']);
  assert.is(r.status, 2);
  assert.is(r.stderr, 'layerplan: unknown option --bogus for layerplan build (nearest known flag: --tag). See layerplan build --help\n');
});

t('a flag without its value, and a boolean given one', () => {
  assert.is(layerplan(['build', '-f']).stderr, 'layerplan: option --file needs a value. See layerplan build --help\n');
  assert.is(layerplan(['build', '--json=3']).stderr, 'layerplan: option --json takes no value. See layerplan build --help\n');
});

t('layerplan help build prints build\'s help', () => {
  const r = layerplan(['help', 'build']);
  assert.is(r.status, 0);
  assert.ok(r.stdout.startsWith('Usage: layerplan build'), r.stdout.slice(0, 80));
});

t('every command\'s --help keeps a gap between a flag (and its value) and what it does', () => {
  for (const command of ['build', 'check', 'lint', 'history', 'inspect', 'fix', 'explain', 'timings', 'push', 'pull', 'layers', 'hook']) {
    const r = layerplan([command, '--help']);
    assert.is(r.status, 0, command);
    // a flag line: "  -x, --name VALUE  help" or "      --name VALUE  help"; the value is upper case
    for (const line of r.stdout.split('\n').filter((l) => /^ {2}(-\w, | {4})--\w/.test(l))) {
      assert.not.match(line, /^ {2}(-\w, | {4})--[\w-]+(=| )?[A-Z][A-Z_=]*[a-z]/, `${command}: ${line}`);
    }
  }
});

t('build of a file instead of a folder says what the file is and the command that plans it; a missing folder says it is missing', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-usage-'));
  for (const f of ['Dockerfile', 'compose.yaml', 'docker-compose.prod.yml', 'docker-bake.hcl']) writeFileSync(path.join(dir, f), 'x\n');
  const error = (arg: string) => {
    const r = layerplan(['build', arg], { cwd: dir });
    assert.is(r.status, 3, arg);
    return r.stderr;
  };
  assert.is(error('Dockerfile'), `layerplan: build context ${path.join(dir, 'Dockerfile')} is a file, not a folder; to plan it: layerplan build . -f Dockerfile\n`);
  assert.match(error('compose.yaml'), 'is a compose file, not a folder; to plan it: layerplan build . --compose-file compose.yaml\n');
  assert.match(error('./docker-compose.prod.yml'), 'is a compose file, not a folder; to plan it: layerplan build . --compose-file ./docker-compose.prod.yml\n');
  assert.match(error('docker-bake.hcl'), 'is a bake file, not a folder; to plan it: layerplan build . --bake-file docker-bake.hcl\n');
  assert.is(error('no-such'), `layerplan: build context ${path.join(dir, 'no-such')} does not exist; pass the folder that holds your build context (docker build's PATH)\n`);
});

t('lint of a missing file is an error naming it (exit 3), not "0 Dockerfiles checked"', () => {
  const r = layerplan(['lint', 'no-such.Dockerfile']);
  assert.is(r.status, 3);
  assert.match(r.stderr, 'cannot read no-such.Dockerfile');
});

t('--cache-dir (or LAYERPLAN_CACHE_DIR) inside the build context is refused: every run would change what COPY . copies', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-usage-'));
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM busybox:1.36\nCOPY . /app\n');
  const r = layerplan(['build', '.', '--cache-dir', '.layerplan-cache', '--json'], { cwd: dir });
  assert.is(r.status, 2);
  assert.match(r.stderr, /^layerplan: --cache-dir \.layerplan-cache is inside the build context .*: every run would write into what COPY \. copies/);
  const env = layerplan(['build', '.', '--json'], { cwd: dir, env: { LAYERPLAN_CACHE_DIR: path.join(dir, 'store') } });
  assert.is(env.status, 2);
  assert.match(env.stderr, 'LAYERPLAN_CACHE_DIR');
  const outside = layerplan(['build', '.', '--json', '--cache-dir', path.join(dir, '..', `${path.basename(dir)}-store`)], { cwd: dir });
  assert.is(outside.status, 0, outside.stderr);
  // The context itself, and a path that resolves into it, are inside too.
  for (const given of ['.', `../${path.basename(dir)}/sub/../store/`]) {
    const r = layerplan(['build', '.', '--json', '--cache-dir', given], { cwd: dir });
    assert.is(r.status, 2, `${given}: ${r.stderr}`);
    assert.match(r.stderr, 'is inside the build context');
  }
});

t('a binary file given as the Dockerfile: one line, no raw bytes on the terminal', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-usage-'));
  writeFileSync(path.join(dir, 'Dockerfile'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x1b, 0x5b, 0x32, 0x4a]));
  const r = layerplan(['build', '.', '--json'], { cwd: dir });
  assert.is(r.status, 3);
  assert.match(r.stderr, 'Dockerfile:1: not a text file');
  assert.not.match(r.stderr, /[\x00-\x08\x1b]/);
});

t.run();
