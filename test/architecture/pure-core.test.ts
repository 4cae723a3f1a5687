import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../_helpers/cli.js';

/**
 * The core (parse → graph → key → plan → rules, and the text/JSON/TUI views)
 * takes data and returns data: no file system, process, clock or console, so
 * it can be tested with literals and reused by every command. I/O lives in
 * context/, store/ (fs-store), engine/, git/, image/, timings/ and cli/.
 */
const t = suite('architecture/pure-core');
const PURE = ['src/parse', 'src/graph', 'src/key', 'src/plan', 'src/rules', 'src/views', 'src/definitions'];
const FORBIDDEN = [/from 'node:/, /\bprocess\./, /Date\.now\(/, /\bconsole\./, /from '\.\.\/(cli|store\/fs-store|engine|git)\//];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

t('no I/O, process, clock or console in the pure core', () => {
  const offences = PURE.flatMap((d) => files(path.join(repoRoot, d))).flatMap((f) => {
    const text = readFileSync(f, 'utf8');
    return FORBIDDEN.filter((re) => re.test(text)).map((re) => `${path.relative(repoRoot, f)}: ${re}`);
  });
  assert.equal(offences, []);
});

t('the check can fail: it sees an import of node:fs', () => {
  assert.ok(FORBIDDEN.some((re) => re.test("import { readFileSync } from 'node:fs';")));
});

t.run();
