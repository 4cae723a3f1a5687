/** layerplan's reading of a compose case, by its compose reader (every profile) and by its bake reader. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readBake, readCompose, type DefinitionsResult } from '../../src/definitions/index.js';
import { fromDefinitions, type PrintedTarget } from './_bake-print.js';
import type { ComposeCase } from './_compose-cases.js';

export function oursOf(c: ComposeCase, dir: string): Record<'compose' | 'bake', Record<string, PrintedTarget>> {
  const files = c.files.map((f) => ({ path: path.join(dir, f), text: readFileSync(path.join(dir, f), 'utf8') }));
  const readText = (p: string): string | null => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return null;
    }
  };
  // The project's .env, as the edge (project/definition-files) merges it under the environment.
  const dotenv = readText(path.join(dir, '.env'));
  const env = new Map([...(dotenv ? parseEnv(dotenv) : []), ...Object.entries(c.env)]);
  const compose = readCompose({ files, env, profiles: ['*'], readText });
  const bake = readBake({ files, workdir: dir, env, targets: [], host: { now: '', homedir: '' }, readText });
  return { compose: reading(compose), bake: reading(bake) };
}

function parseEnv(text: string): [string, string][] {
  return text.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]);
}

function reading(r: DefinitionsResult): Record<string, PrintedTarget> {
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  return fromDefinitions(r.definitions);
}
