import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../_helpers/cli.js';
import { ALLOWED, folderCycles, importsOf, KNOWN_EXCEPTIONS, violations, type SourceFile } from './imports.js';

const t = suite('architecture/imports');

function sources(dir: string): SourceFile[] {
  return readdirSync(path.join(repoRoot, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(repoRoot, rel)).isDirectory()) return sources(rel);
    return /\.tsx?$/.test(name) ? [{ path: rel, text: readFileSync(path.join(repoRoot, rel), 'utf8') }] : [];
  });
}

const SRC = sources('src');

t('every import in src/ is one its folder may make', () => {
  assert.equal(violations(SRC), []);
});

t('every folder of src/ is in the import map', () => {
  const folders = readdirSync(path.join(repoRoot, 'src')).filter((n) => statSync(path.join(repoRoot, 'src', n)).isDirectory());
  assert.equal(folders.filter((f) => !(f in ALLOWED)), []);
});

t('no folder-level import cycle', () => {
  assert.equal(folderCycles(SRC), []);
});

t('each known exception is still there (delete its line once it is gone)', () => {
  const made = new Set(SRC.flatMap(importsOf).filter((i) => !i.typeOnly).map((i) => `${i.from} -> ${i.dep}`));
  assert.equal(KNOWN_EXCEPTIONS.filter((e) => !made.has(e)), []);
});

t('the check fails on a core file importing node:fs, cli/ or the engine (fixtures)', () => {
  const bad: SourceFile[] = [
    { path: 'src/plan/bad-fs.ts', text: "import { readFileSync } from 'node:fs';\n" },
    { path: 'src/plan/bad-cli.ts', text: "import { CliError } from '../cli/errors.js';\n" },
    { path: 'src/views/tui/bad-engine.ts', text: "import { resolveBaseImages } from '../../engine';\n" },
    { path: 'src/rules/bad-dynamic.ts', text: "const m = await import('../image/read-image.js');\n" },
    { path: 'src/context/bad-type.ts', text: "import type { CommandIO } from '../cli/command.js';\n" },
    { path: 'src/parse/fine.ts', text: "import { DockerfileParser } from 'dockerfile-ast';\nimport type { Plan } from '../plan/index.js';\n" },
  ];
  assert.equal(violations(bad), [
    'src/plan/bad-fs.ts -> node:',
    'src/plan/bad-cli.ts -> cli',
    'src/views/tui/bad-engine.ts -> engine',
    'src/rules/bad-dynamic.ts -> image',
    'src/context/bad-type.ts -> cli',
  ]);
});

t('the cycle check finds a cycle between two folders, type imports included (fixture)', () => {
  const files: SourceFile[] = [
    { path: 'src/rules/a.ts', text: "import { oneLine } from '../views/text.js';\n" },
    { path: 'src/views/b.ts', text: "import type { Finding } from '../rules/index.js';\n" },
  ];
  assert.equal(folderCycles(files), ['rules -> views -> rules']);
});

t.run();
