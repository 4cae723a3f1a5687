/** The real BuildKit and buildah logs under test/fixtures/timings, and their Dockerfiles. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../_helpers/cli.js';

export const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'timings');

export function fixture(rel: string): string {
  return readFileSync(path.join(fixturesDir, rel), 'utf8');
}
