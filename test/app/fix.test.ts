/** `fix`: the changes it returns are each file's one change, so the printed diff applies and --write agrees with it. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fixRepo } from '../../src/app/fix.js';
import type { CheckOptions } from '../../src/app/repo-targets.js';
import { layerplan } from '../_helpers/cli.js';
import { commitAll, tempRepo } from '../git/_helpers/git-repo.js';

const t = suite('app/fix');

function opts(cwd: string): CheckOptions {
  return { cwd, arch: 'x64', against: 'HEAD', files: [], context: null, exclude: [], config: null, rules: new Map(), env: {} };
}

const readText = (abs: string): string | null => {
  try {
    return readFileSync(abs, 'utf8');
  } catch {
    return null;
  }
};

/** awesome-compose's react-java-mysql/frontend at 59724f87, in short: two Dockerfiles of one context, one .dockerignore. */
function twoDockerfilesOneContext(): string {
  const dir = tempRepo({
    'frontend/Dockerfile': 'FROM busybox:local\nWORKDIR /project\nCOPY . .\nRUN yarn install\nCMD ["yarn", "run", "start"]\n',
    'frontend/Dockerfile.production': 'FROM busybox:local\nWORKDIR /project\nCOPY . .\nRUN yarn install\nRUN yarn run package\n',
    'frontend/.dockerignore': 'node_modules\n.happypack\n',
    'frontend/package.json': '{}\n',
    'frontend/README.md': '# x\n',
    'frontend/.gitignore': 'node_modules\n',
    'frontend/src/index.js': '1\n',
  });
  commitAll(dir);
  return dir;
}

t('two Dockerfiles sharing a .dockerignore: one change of it, each line once', () => {
  const dir = twoDockerfilesOneContext();
  const fixed = fixRepo(opts(dir), true, readText);
  assert.equal(fixed.patches.map((p) => p[0]?.file), ['frontend/Dockerfile', 'frontend/Dockerfile.production']);
  const ignores = fixed.patches.flat().filter((c) => c.file === 'frontend/.dockerignore');
  assert.is(ignores.length, 1);
  assert.is(ignores[0]?.before, 'node_modules\n.happypack\n');
  assert.is(ignores[0]?.after, 'node_modules\n.happypack\n.gitignore\nREADME.md\n.dockerignore\n');
});

t('the printed diff applies with git apply, and gives what --write writes', () => {
  const dir = twoDockerfilesOneContext();
  const diff = layerplan(['fix'], { cwd: dir });
  assert.is(diff.status, 0, diff.stderr);
  const apply = spawnSync('git', ['apply', '-'], { cwd: dir, input: diff.stdout, encoding: 'utf8' });
  assert.is(apply.status, 0, `git apply refused the diff: ${apply.stderr}\n${diff.stdout}`);
  const applied = ['Dockerfile', 'Dockerfile.production', '.dockerignore'].map((f) => readFileSync(path.join(dir, 'frontend', f), 'utf8'));
  spawnSync('git', ['checkout', '--', '.'], { cwd: dir });
  assert.is(layerplan(['fix', '--write'], { cwd: dir }).status, 0);
  const written = ['Dockerfile', 'Dockerfile.production', '.dockerignore'].map((f) => readFileSync(path.join(dir, 'frontend', f), 'utf8'));
  assert.equal(written, applied);
  assert.match(written[2] ?? '', /^node_modules\n\.happypack\n\.gitignore\nREADME\.md\n\.dockerignore\n$/);
});

t.run();
