/**
 * Recorded by test/conformance/shared-records-real (Docker Engine 28.5.2, buildx 0.29.1): the project as CI
 * committed it and CI's two real builds as refs/layerplan/ci held them (the second after src/two.txt was added).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { recordsRef, writeRecords } from '../../src/git/records.js';
import { commitAll, git } from '../git/_helpers/git-repo.js';
import { repoRoot } from './cli.js';

const docker28 = path.join(repoRoot, 'test', 'fixtures', 'shared-records', 'docker28');

/** The fixture project committed in a new repository, with CI's records of it as refs/layerplan/ci. */
export function cloneWithCiRecords(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-share28-'));
  git(dir, 'init', '-q', '-b', 'main');
  cpSync(path.join(docker28, 'project'), dir, { recursive: true });
  commitAll(dir);
  const read = (sub: string) => readdirSync(path.join(docker28, 'refs-layerplan-ci', sub)).map((name) => ({ name, body: readFileSync(path.join(docker28, 'refs-layerplan-ci', sub, name)) }));
  writeRecords(dir, recordsRef('ci'), read('records'), { selections: read('selections'), now: new Date(), message: 'CI records (fixture)' });
  return dir;
}
