/**
 * Compose projects read both by layerplan and by `docker buildx bake --print`
 * (buildx reads compose files with compose-go, Compose's own loader): the
 * example-voting-app, every docker/awesome-compose sample that builds, and
 * two made here for include:, overrides, extends, interpolation, inline
 * Dockerfiles and named contexts. Each print is recorded (Docker 28.5) in
 * fixtures/definitions/compose-print/, so plain `npm test` compares too.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fixtures } from './_fixtures.js';

export interface ComposeCase {
  readonly name: string;
  /** Fixture folder: the project directory. */
  readonly dir: string;
  readonly files: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

const awesome = readdirSync(path.join(fixtures, 'awesome-compose')).sort().map((sample): ComposeCase => ({ name: `awesome-compose-${sample}`, dir: `awesome-compose/${sample}`, files: ['compose.yaml'], env: {} }));

export const COMPOSE_CASES: readonly ComposeCase[] = [
  { name: 'example-voting-app', dir: 'example-voting-app', files: ['docker-compose.yml'], env: {} },
  ...awesome,
  { name: 'compose-include', dir: 'compose-include', files: ['compose.yaml'], env: {} },
  { name: 'compose-include-env', dir: 'compose-include', files: ['compose.yaml'], env: { DB_V: '16' } },
  { name: 'compose-features', dir: 'compose-features', files: ['compose.yaml', 'compose.override.yaml'], env: {} },
  { name: 'compose-features-env', dir: 'compose-features', files: ['compose.yaml', 'compose.override.yaml'], env: { TARGET: 'dev', VERSION: '3', FROM_ENV: 'x', DOCKERFILE: 'Dockerfile', WORKER_TARGET: 'debug', MARKER: 'env' } },
];

export const printFile = (c: ComposeCase): string => path.join(fixtures, 'compose-print', `${c.name}.json`);
