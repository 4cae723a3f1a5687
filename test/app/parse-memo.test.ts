/**
 * app/parse-memo.ts: a parse is remembered per Dockerfile path with its text and parser, and given back
 * only for exactly that text and parser; anything else (another text, another parser, a damaged file, a
 * parse with problems) means a fresh parse. And what it keeps, a parse through JSON, is the parse itself:
 * checked on every Dockerfile of the examples, the fixtures, the fuzz corpus, the recorded conformance
 * cases and over a thousand of their mutants.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseRemembered } from '../../src/app/parse-memo.js';
import { parseDockerfile, type ParsedDockerfile } from '../../src/parse/index.js';
import { mutateDockerfile } from '../fuzz/mutate-dockerfile.js';
import { Rng } from '../fuzz/rng.js';
import { repoRoot } from '../_helpers/cli.js';

const t = suite('app/parse-memo');

const TEXT = 'FROM busybox\nCOPY . /app\nRUN echo hi\n';

function memoDir(): { dir: string; file: () => string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-parse-memo-'));
  return { dir, file: () => path.join(dir, readdirSync(dir).find((f) => f.startsWith('parsed-')) ?? 'none') };
}

/** The memo file with its parse replaced by a recognisable one, so a read of it shows. */
function plant(file: string, parsed: ParsedDockerfile): void {
  const memo = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...memo, parsed }));
}

const MARKED: ParsedDockerfile = { directives: { escape: '`', syntax: 'marked' }, instructions: [], problems: [] };

t('a first parse is written; the next parse of the same text and parser is the one remembered', () => {
  const { dir, file } = memoDir();
  assert.equal(parseRemembered(dir, '/p/Dockerfile', TEXT, 'p1'), parseDockerfile(TEXT));
  assert.ok(existsSync(file()), 'written');
  plant(file(), MARKED);
  assert.equal(parseRemembered(dir, '/p/Dockerfile', TEXT, 'p1'), MARKED);
});

t('another text, another parser, another Dockerfile path or a damaged file: parsed afresh', () => {
  const { dir, file } = memoDir();
  parseRemembered(dir, '/p/Dockerfile', TEXT, 'p1');
  plant(file(), MARKED);
  const edited = `${TEXT}RUN echo more\n`;
  assert.equal(parseRemembered(dir, '/p/Dockerfile', edited, 'p1'), parseDockerfile(edited));
  parseRemembered(dir, '/p/Dockerfile', TEXT, 'p1');
  plant(file(), MARKED);
  assert.equal(parseRemembered(dir, '/p/Dockerfile', TEXT, 'p2'), parseDockerfile(TEXT), 'another parser');
  plant(file(), MARKED);
  assert.equal(parseRemembered(dir, '/q/Dockerfile', TEXT, 'p2'), parseDockerfile(TEXT), 'another path');
  writeFileSync(file(), '{"version":1,"parser":"p2","text":');
  assert.equal(parseRemembered(dir, '/p/Dockerfile', TEXT, 'p2'), parseDockerfile(TEXT), 'damaged');
});

t('no parser name (tsc output) or no folder: nothing remembered; a parse with problems is not kept', () => {
  const { dir } = memoDir();
  assert.equal(parseRemembered(dir, '/p/Dockerfile', TEXT, null), parseDockerfile(TEXT));
  assert.equal(parseRemembered(null, '/p/Dockerfile', TEXT, 'p1'), parseDockerfile(TEXT));
  const bad = 'FROM busybox\nFROBNICATE x\n';
  assert.ok(parseRemembered(dir, '/p/Dockerfile', bad, 'p1').problems.length > 0);
  assert.equal(readdirSync(dir), []);
});

/** Every Dockerfile text the repository has, and mutants of them. */
function corpus(): string[] {
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f);
      else if (/dockerfile|containerfile/i.test(e.name)) texts.push(readFileSync(f, 'utf8'));
      else if (e.name.endsWith('.json') && dir.includes('conformance')) {
        const files = (JSON.parse(readFileSync(f, 'utf8')) as { scenario?: { files?: Record<string, unknown> } }).scenario?.files ?? {};
        for (const [name, text] of Object.entries(files)) if (/dockerfile/i.test(name) && typeof text === 'string') texts.push(text);
      }
    }
  };
  for (const d of ['examples-dockerfiles', 'test/fixtures', 'test/fuzz/corpus', 'test/conformance/cases']) walk(path.join(repoRoot, d));
  const rng = new Rng(15);
  // The mutators that blow a file up to the size limits make slow parses and nothing new for JSON.
  const mutants = Array.from({ length: 1500 }, () => mutateDockerfile(rng, texts).text).filter((m) => m.length < 8000);
  return [...texts, ...mutants];
}

t('what is kept, a parse through JSON, equals the parse, on every Dockerfile at hand and over a thousand mutants', () => {
  const texts = corpus();
  let clean = 0;
  for (const text of texts) {
    const parsed = parseDockerfile(text);
    if (parsed.problems.length) continue;
    clean++;
    assert.equal(JSON.parse(JSON.stringify(parsed)), parsed, text.slice(0, 200));
  }
  assert.ok(clean > 500, `${clean} clean parses of ${texts.length}`);
});

t.run();
