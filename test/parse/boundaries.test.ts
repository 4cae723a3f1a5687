import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { findBoundaries, type Boundaries } from '../../src/parse/boundaries.js';
import { scanLimits } from '../../src/parse/scan-limits.js';
import { mutateDockerfile } from '../fuzz/mutate-dockerfile.js';
import { Rng } from '../fuzz/rng.js';

/**
 * parse/boundaries.ts finds instruction lines and parser directives the way
 * dockerfile-ast 0.7.1 (which the parse used before) does: the two are
 * compared on every Dockerfile the repository holds, on seeded mutants of
 * the fuzz corpus and on generated texts made of the characters that steer
 * the scan (escapes, line breaks of all three kinds, comments, heredocs,
 * flags, directives, a byte order mark).
 */
const t = suite('parse/boundaries');

function reference(text: string): Boundaries {
  const ast = DockerfileParser.parse(text);
  return {
    directives: ast.getDirectives().map((d) => ({ name: d.getName(), value: d.getValue() })),
    escape: ast.getEscapeCharacter(),
    instructions: ast.getInstructions().map((i) => ({ start: i.getRange().start.line, end: i.getRange().end.line })),
  };
}

/** The first text on which the two disagree, shown with both answers; '' when none. */
function firstDifference(texts: Iterable<string>): string {
  for (const text of texts) {
    const [ours, theirs] = [findBoundaries(text), reference(text)];
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) return `${JSON.stringify(text)}\nours:   ${JSON.stringify(ours)}\ntheirs: ${JSON.stringify(theirs)}`;
  }
  return '';
}

const root = process.cwd();

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return filesUnder(p, keep);
    return keep(name) ? [p] : [];
  });
}

/** Every string in a conformance case kept under a Dockerfile's name. */
function dockerfilesIn(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return /dockerfile|containerfile/i.test(key) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => dockerfilesIn(v, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => dockerfilesIn(v, k));
  return [];
}

function corpus(): string[] {
  const named = (n: string): boolean => /dockerfile|containerfile/i.test(n);
  const files = [...filesUnder(path.join(root, 'test/fuzz/corpus'), named), ...filesUnder(path.join(root, 'examples-dockerfiles'), named)];
  const cases = filesUnder(path.join(root, 'test/conformance/cases'), (n) => n.endsWith('.json'));
  return [...files.map((f) => readFileSync(f, 'utf8')), ...cases.flatMap((f) => dockerfilesIn(JSON.parse(readFileSync(f, 'utf8'))))];
}

t('the same lines and directives as dockerfile-ast on every Dockerfile of the repository', () => {
  const texts = corpus();
  assert.ok(texts.length > 100, `only ${texts.length} Dockerfiles found`);
  assert.is(firstDifference(texts), '');
  // CRLF and a byte order mark on the same texts.
  assert.is(firstDifference(texts.map((x) => x.replace(/\n/g, '\r\n'))), '');
  assert.is(firstDifference(texts.map((x) => `\uFEFF${x}`)), '');
});

t('the same on seeded mutants of the fuzz corpus', () => {
  const dir = path.join(root, 'test/fuzz/corpus');
  const seeds = readdirSync(dir).filter((f) => f.endsWith('.Dockerfile')).sort().map((f) => readFileSync(path.join(dir, f), 'utf8'));
  const rng = new Rng(15);
  // Only mutants the parse hands on (scanLimits refuses the rest first), and of a size that keeps this test short:
  // the hostile shapes (thousands of heredoc openers, megabyte lines) cost both scanners seconds each.
  const mutants = Array.from({ length: 600 }, () => mutateDockerfile(rng, seeds).text).filter((m) => scanLimits(m) === null && m.length < 20_000);
  assert.ok(mutants.length > 300, `only ${mutants.length} mutants`);
  assert.is(firstDifference(mutants), '');
});

const PIECES = [
  'RUN', 'COPY', 'ADD', 'ONBUILD', 'FROM', 'run', 'R', ' ', ' ', '\t', '\n', '\n', '\r', '\r\n', '\\', '\\', '`', '#', '# ', '<<', '<<-', '<<EOF', '<<-EOF',
  'EOF', '\tEOF', '"', "'", '--', '--from=a', '-', '=', 'a', 'b c', '$', '# escape=`', '# escape=\\', '#syntax=x', '# syntax = y ', '\uFEFF', '<', 'x--y',
];

t('the same on generated texts of the characters that steer the scan', () => {
  const rng = new Rng(7);
  const texts = Array.from({ length: 6000 }, () => Array.from({ length: rng.int(0, 40) }, () => rng.pick(PIECES)).join(''));
  assert.is(firstDifference(texts), '');
});

const KEYS = ['RUN', 'COPY', 'ADD', 'ONBUILD', 'ONBUILD RUN', 'ONBUILD COPY', 'ONBUILD ONBUILD', 'Run', 'FROM', 'R\\UN', 'ENV'];
const WORDS = [
  '<<EOF', '<<-EOF', '<<"EOF"', "<<'EOF'", '<<"', '<<"EOF', '<<\\$EOF', '<<$EOF', '<<--EOF', '<<<EOF', '<\\<EOF', '<<X', '<<', '<<-', '--from=a', '--chown=1',
  '--x', 'a--b', '-', 'a', 'b\\ c', '$A', '"q q"', '#', '#x', '\\', '`', '\\ ', '` ', 'EOF',
];
const BODIES = ['EOF', '\tEOF', ' EOF', 'EOF ', '$EOF', '\\$EOF', '"EOF"', '', 'X', '\tX', 'echo', '# c', '  # c', '--from=a <<EOF', '"'];
const BREAKS = ['\n', '\n', '\n', '\r\n', '\r'];

/** A line: an instruction with arguments (maybe continued), a heredoc body line, a comment or nothing. */
function line(rng: Rng): string {
  const roll = rng.next();
  if (roll < 0.5) return [rng.pick(KEYS), ...Array.from({ length: rng.int(0, 4) }, () => rng.pick(WORDS))].join(rng.pick([' ', ' ', '\t'])) + rng.pick(['', '', '', ' \\', '\\', '\\ ', '`']);
  if (roll < 0.85) return rng.pick(BODIES);
  return rng.pick(['# escape=`', '#escape=\\', '# syntax=a', '# comment', '   ', '']);
}

t('the same on generated Dockerfiles of heredocs, flags, triggers and continuations', () => {
  const rng = new Rng(11);
  const texts = Array.from({ length: 6000 }, () => {
    let text = '';
    for (let n = rng.int(1, 9); n > 0; n--) text += line(rng) + rng.pick(BREAKS);
    return text;
  });
  assert.is(firstDifference(texts), '');
});

t('the same on the corners a word split decides: escaped blanks and line breaks around a heredoc opener, blank directive values', () => {
  const corners = [
    'RUN a\\\n \\<<EOF\nEOF\nRUN b\n', // a blank after an escaped line break ends the word: \<<EOF opens a heredoc
    'RUN a\\ <<EOF\nEOF\nRUN b\n', // an escaped blank ends the word before the opener
    'ONBUILD RUN\\\n\\\n <<EOF\nEOF\nRUN b\n', // the trigger word ends at its first escaped line break
    'ONBUILD RUN <<EOF\nx\nEOF\nRUN b\n',
    'COPY --from=a <<EOF /x\nEOF\nRUN b\n',
    'RUN <<\\$EOF\n$EOF\n\\$EOF\nRUN x\n',
    '# syntax=  \nFROM a\n',
    '# escape=\nFROM a \\\nb\n',
  ];
  assert.is(firstDifference(corners), '');
});

t('heredoc bodies, comment lines in a continuation and a keyword continued by an escape are inside their instruction', () => {
  const text = 'FROM a\nRUN <<EOF\n echo\nEOF\nCOPY <<-X <<Y /d\n\tX\nY\nRUN a \\\n# note\n  b\nR\\\nUN c\n';
  assert.equal(findBoundaries(text).instructions, [{ start: 0, end: 0 }, { start: 1, end: 3 }, { start: 4, end: 6 }, { start: 7, end: 9 }, { start: 10, end: 11 }]);
  assert.is(firstDifference([text]), '');
});

t.run();
