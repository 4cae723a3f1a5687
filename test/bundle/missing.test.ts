/** Both bins without dist/bundle (a clone before `npm install`): one line saying what to run, exit 3. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../_helpers/cli.js';

const t = suite('bundle/missing');

t('layerplan and docker-layerplan without dist/bundle: one line, no stack trace, exit 3', () => {
  const clone = mkdtempSync(path.join(tmpdir(), 'lp-nobundle-'));
  for (const part of ['bin', 'package.json']) cpSync(path.join(repoRoot, part), path.join(clone, part), { recursive: true });
  for (const [bin, args] of [['layerplan', ['--version']], ['docker-layerplan', ['docker-cli-plugin-metadata']]] as const) {
    const r = spawnSync(process.execPath, [path.join(clone, 'bin', bin), ...args], { encoding: 'utf8' });
    assert.is(r.status, 3, `${bin}: ${r.stderr}`);
    assert.is(r.stderr, 'layerplan: dist/bundle/main.cjs is missing; run `npm install` (or `npm run bundle`) in the package folder\n');
    assert.is(r.stdout, '');
  }
});

t('a bundle that fails to load for another reason shows that error, not the missing-bundle line', () => {
  const clone = mkdtempSync(path.join(tmpdir(), 'lp-badbundle-'));
  for (const part of ['bin', 'package.json']) cpSync(path.join(repoRoot, part), path.join(clone, part), { recursive: true });
  mkdirSync(path.join(clone, 'dist/bundle'), { recursive: true });
  writeFileSync(path.join(clone, 'dist/bundle/main.cjs'), "require('./core-gone.vm.js');\n");
  const r = spawnSync(process.execPath, [path.join(clone, 'bin/layerplan'), '--version'], { encoding: 'utf8' });
  assert.is.not(r.status, 0);
  assert.is.not(r.status, 3);
  assert.match(r.stderr, /Cannot find module '\.\/core-gone\.vm\.js'/);
  assert.not.match(r.stderr, /is missing; run `npm install`/);
});

t.run();
