/**
 * Compose projects read both by layerplan and by `docker buildx bake --print`
 * (buildx reads compose files with compose-go, Compose's own loader): the
 * example-voting-app, every docker/awesome-compose sample that builds, and
 * two made here for include:, overrides, extends, interpolation, inline
 * Dockerfiles and named contexts. Each print is recorded (Docker 28.5) in
 * fixtures/definitions/compose-print/, so plain `npm test` compares too.
 * The real projects' compose files are read from local git copies (SOURCES.txt,
 * test/_helpers/real-sources.ts) into one temp folder; without a copy the case is skipped.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { missingCopies, showReal, source, sources } from '../_helpers/real-sources.js';
import { fixtures, realDefinition } from './_fixtures.js';

export interface ComposeCase {
  readonly name: string;
  /** The project's folder: under fixtures/definitions/ when made here, else in the temp layout of real files. */
  readonly dir: string;
  readonly files: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Its files are a real project's (SOURCES.txt), not committed here. */
  readonly real: boolean;
}

const AWESOME = /^definitions\/awesome-compose\/([^/]+)\/compose\.yaml$/;
const awesome = [...sources.keys()].flatMap((n) => AWESOME.exec(n)?.[1] ?? []).sort().map((sample): ComposeCase => ({ name: `awesome-compose-${sample}`, dir: `awesome-compose/${sample}`, files: ['compose.yaml'], env: {}, real: true }));

export const COMPOSE_CASES: readonly ComposeCase[] = [
  { name: 'example-voting-app', dir: 'example-voting-app', files: ['docker-compose.yml'], env: {}, real: true },
  ...awesome,
  { name: 'compose-include', dir: 'compose-include', files: ['compose.yaml'], env: {}, real: false },
  { name: 'compose-include-env', dir: 'compose-include', files: ['compose.yaml'], env: { DB_V: '16' }, real: false },
  { name: 'compose-features', dir: 'compose-features', files: ['compose.yaml', 'compose.override.yaml'], env: {}, real: false },
  { name: 'compose-features-env', dir: 'compose-features', files: ['compose.yaml', 'compose.override.yaml'], env: { TARGET: 'dev', VERSION: '3', FROM_ENV: 'x', DOCKERFILE: 'Dockerfile', WORKER_TARGET: 'debug', MARKER: 'env' } , real: false },
];

export const printFile = (c: ComposeCase): string => path.join(fixtures, 'compose-print', `${c.name}.json`);

const realFiles = (c: ComposeCase) => (c.real ? c.files.map((f) => source(realDefinition(`${c.dir}/${f}`))) : []);

/** Why the case cannot run here (a real project with no local git copy), or null. */
export const caseMissing = (c: ComposeCase): string | null => missingCopies(realFiles(c));

let layout: string | null = null;

/** The case's project folder on disk; a real one's files are written from the git copy (call after caseMissing). */
export function caseDir(c: ComposeCase): string {
  if (!c.real) return path.join(fixtures, c.dir);
  if (layout === null) {
    const made = mkdtempSync(path.join(tmpdir(), 'lp-real-definitions-'));
    process.on('exit', () => rmSync(made, { recursive: true, force: true }));
    layout = made;
  }
  const dir = path.join(layout, c.dir);
  mkdirSync(dir, { recursive: true });
  for (const [i, f] of realFiles(c).entries()) writeFileSync(path.join(dir, c.files[i] ?? ''), showReal(f) ?? '');
  return dir;
}
