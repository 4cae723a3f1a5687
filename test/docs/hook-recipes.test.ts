/**
 * The husky and lefthook recipes of docs/check.md, run as those tools run them: husky 9 as `sh -e FILE` with
 * node_modules/.bin first on PATH, lefthook as `sh -c RUN` from the repository root. With layerplan installed
 * in the repository the recipe runs it; without, it says so in one line and lets the commit through.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const t = suite('docs/hook-recipes');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DOC = readFileSync(path.join(ROOT, 'docs/check.md'), 'utf8');

/** The first code block after `**name**` in docs/check.md. */
function recipe(name: string): string {
  const at = DOC.indexOf(`**${name}**`);
  const block = /```\w*\n([\s\S]*?)```/.exec(DOC.slice(at));
  if (at < 0 || !block?.[1]) throw new Error(`docs/check.md has no ${name} recipe`);
  return block[1];
}

/** A repository folder; with `installed`, a node_modules/.bin/layerplan that logs its arguments. */
function project(installed: boolean): { dir: string; log: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-recipe-'));
  const log = path.join(dir, 'ran.log');
  if (installed) {
    mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
    const bin = path.join(dir, 'node_modules/.bin/layerplan');
    writeFileSync(bin, `#!/bin/sh\necho "$@" >> '${log}'\nexit 0\n`);
    chmodSync(bin, 0o755);
  }
  return { dir, log };
}

const BARE_PATH = '/usr/bin:/bin';

function husky(dir: string): ReturnType<typeof spawnSync> {
  const file = path.join(dir, 'pre-commit');
  writeFileSync(file, recipe('husky'));
  return spawnSync('sh', ['-e', file], { cwd: dir, encoding: 'utf8', env: { PATH: `node_modules/.bin:${BARE_PATH}` } });
}

function lefthook(dir: string): ReturnType<typeof spawnSync> {
  const run = /run: (.*)/.exec(recipe('lefthook'))?.[1];
  if (!run) throw new Error('the lefthook recipe has no run: line');
  return spawnSync('sh', ['-c', run], { cwd: dir, encoding: 'utf8', env: { PATH: BARE_PATH } });
}

for (const [name, runIt] of [['husky', husky], ['lefthook', lefthook]] as const) {
  t(`${name}: runs the repository's layerplan check --staged`, () => {
    const { dir, log } = project(true);
    const r = runIt(dir);
    assert.is(r.status, 0, String(r.stderr));
    assert.is(readFileSync(log, 'utf8'), 'check --staged\n');
  });

  t(`${name}: without layerplan installed, one line and the commit goes through`, () => {
    const { dir } = project(false);
    const r = runIt(dir);
    assert.is(r.status, 0);
    assert.is(r.stderr, 'layerplan: not installed here (npm install); commit not checked\n');
  });
}

t.run();
