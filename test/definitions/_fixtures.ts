import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../_helpers/cli.js';
import type { BuildDefinition, DefinitionsResult, SourceText } from '../../src/definitions/index.js';

export const fixtures = path.join(repoRoot, 'test', 'fixtures', 'definitions');

/** A fixture's text under a chosen absolute path (the readers are pure: the path is only a name). */
export function fixture(rel: string, as: string): SourceText {
  return { path: as, text: readFileSync(path.join(fixtures, rel), 'utf8') };
}

export function definitions(r: DefinitionsResult): readonly BuildDefinition[] {
  if (!r.ok) throw new Error(`expected definitions, got ${JSON.stringify(r.problem)}`);
  return r.definitions;
}

export function byName(r: DefinitionsResult, name: string): BuildDefinition {
  const d = definitions(r).find((x) => x.name === name);
  if (!d) throw new Error(`no definition ${name} in ${definitions(r).map((x) => x.name).join(', ')}`);
  return d;
}
