/** app/check-unplannable: `check --against NAME` says a staged Dockerfile that does not plan as plain `check` says it. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cloneWithCiRecords } from '../_helpers/ci-records.js';
import { layerplan } from '../_helpers/cli.js';
import { git } from '../git/_helpers/git-repo.js';

const t = suite('app/check-unplannable');
const env = { LAYERPLAN_NO_ENGINE: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

interface Json { findings: { ruleId: string; severity: string; line: number }[] }
const findings = (dir: string, ...more: string[]) => {
  const r = layerplan(['check', '--staged', '--against', 'ci', '--json', ...more], { cwd: dir, env });
  return { status: r.status, found: (JSON.parse(r.stdout) as Json).findings.map((f) => [f.ruleId, f.severity, f.line]) };
};

t('a COPY source the staged .dockerignore excludes is LP202, as plain check and lint say it, and --ignore LP202 silences it', () => {
  const dir = cloneWithCiRecords();
  writeFileSync(path.join(dir, '.dockerignore'), `${readFileSync(path.join(dir, '.dockerignore'), 'utf8')}app.txt\n`);
  git(dir, 'add', '.dockerignore');
  assert.equal(findings(dir), { status: 1, found: [['LP202', 'error', 4]] });
  assert.equal(findings(dir, '--ignore', 'LP202'), { status: 0, found: [] });
});

t('a Dockerfile that failed the same way at HEAD is one LP001 note, not an error; a failure this change makes is an error; --disable LP001 silences both', () => {
  const dir = cloneWithCiRecords();
  const dockerfile = path.join(dir, 'Dockerfile');
  writeFileSync(dockerfile, `${readFileSync(dockerfile, 'utf8')}COPY not-here /x\n`);
  git(dir, 'add', 'Dockerfile');
  assert.equal(findings(dir), { status: 1, found: [['LP001', 'error', 8]] }, 'staged: this change breaks it');
  assert.equal(findings(dir, '--disable', 'LP001'), { status: 0, found: [] });
  git(dir, 'commit', '-q', '-m', 'broken');
  writeFileSync(dockerfile, `# a comment above moves the line\n${readFileSync(dockerfile, 'utf8')}`);
  git(dir, 'add', 'Dockerfile');
  assert.equal(findings(dir), { status: 0, found: [['LP001', 'info', 9]] });
  assert.equal(findings(dir, '--disable', 'LP001'), { status: 0, found: [] });
});

t.run();
