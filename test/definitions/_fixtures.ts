import path from 'node:path';
import { repoRoot } from '../_helpers/cli.js';
import type { BuildDefinition, DefinitionsResult } from '../../src/definitions/index.js';

/** Definition files made here and recorded tool outputs; the real projects' files are in SOURCES.txt (real-sources.ts). */
export const fixtures = path.join(repoRoot, 'test', 'fixtures', 'definitions');

/** The SOURCES.txt name of a real project's definition file, by its folder and file (e.g. buildx/docker-bake.hcl). */
export const realDefinition = (rel: string): string => `definitions/${rel}`;

export function definitions(r: DefinitionsResult): readonly BuildDefinition[] {
  if (!r.ok) throw new Error(`expected definitions, got ${JSON.stringify(r.problem)}`);
  return r.definitions;
}

export function byName(r: DefinitionsResult, name: string): BuildDefinition {
  const d = definitions(r).find((x) => x.name === name);
  if (!d) throw new Error(`no definition ${name} in ${definitions(r).map((x) => x.name).join(', ')}`);
  return d;
}
