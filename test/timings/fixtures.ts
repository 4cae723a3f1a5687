/** The real BuildKit and buildah logs under test/fixtures/timings, and their Dockerfiles. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../_helpers/cli.js';

export const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'timings');

export function fixture(rel: string): string {
  return readFileSync(path.join(fixturesDir, rel), 'utf8');
}

/** The progress streams of real builds under test/fixtures/progress (see its README). */
export function progressFixture(rel: string): string {
  return readFileSync(path.join(repoRoot, 'test', 'fixtures', 'progress', rel), 'utf8');
}
