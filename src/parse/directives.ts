/**
 * Parser directives (`# syntax=...`, `# escape=...`) at the top of a
 * Dockerfile, read as dockerfile-ast 0.7.1 reads them (its Parser's
 * getParserDirectives): the parse before this module used that library, and
 * which lines are directives decides where instructions start and which
 * escape character continues a line. test/parse/boundaries.test.ts compares
 * the two on every corpus Dockerfile and on generated texts.
 */

export interface ParserDirective {
  readonly name: string;
  readonly value: string;
}

const BOM = '\uFEFF';

/**
 * The directives, one per line from the top. A blank line, a line that is
 * not a comment and a comment without `NAME=` end them. After a value the
 * scan goes on past the first blank or line break that ends it, so blanks
 * after a value end the directives too (the line break they lead to reads
 * as a blank line), as in dockerfile-ast.
 */
export function parserDirectives(text: string): ParserDirective[] {
  const found: ParserDirective[] = [];
  for (let i = text.startsWith(BOM) ? 1 : 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t') continue;
    if (ch !== '#') break;
    const directive = directiveAt(text, i);
    if (directive === null) break;
    found.push(directive.directive);
    i = directive.resume;
  }
  return found;
}

/**
 * The directive of the comment whose `#` is at `hash`, and the index the scan
 * goes on after (the loop adds one); null for a comment that is none.
 */
function directiveAt(text: string, hash: number): { directive: ParserDirective; resume: number } | null {
  let nameStart = -1;
  let nameEnd = -1;
  for (let j = hash + 1; j < text.length; j++) {
    const ch = text[j];
    if (ch === ' ' || ch === '\t') {
      if (nameStart !== -1 && nameEnd === -1) nameEnd = j;
    } else if (ch === '\r' || ch === '\n') {
      return null;
    } else if (ch === '=') {
      if (nameStart === -1) return null;
      const value = valueAfter(text, j);
      const name = text.slice(nameStart, nameEnd === -1 ? j : nameEnd);
      return { directive: { name, value: text.slice(value.start, value.end) }, resume: text[value.end] === '\r' ? value.end + 1 : value.end };
    } else if (nameStart === -1) {
      nameStart = j;
    }
  }
  // The end of the text without `=`: no directive (nor any after it).
  return null;
}

/** The value after the `=` at `eq`: its first word; all of the rest of the line when that is blank. */
function valueAfter(text: string, eq: number): { start: number; end: number } {
  let start = -1;
  let end = -1;
  let lineEnd = text.length;
  for (let k = eq + 1; k < text.length; k++) {
    const ch = text[k];
    if (ch === '\r' || ch === '\n') {
      if (start !== -1 && end === -1) end = k;
      lineEnd = k;
      break;
    }
    if (ch === ' ' || ch === '\t') {
      if (start !== -1 && end === -1) end = k;
    } else if (start === -1) {
      start = k;
    }
  }
  if (start === -1) return { start: eq + 1, end: lineEnd };
  return { start, end: end === -1 ? text.length : end };
}

/** The escape character the directives set: the first `escape` directive whose value is `\` or `` ` ``. */
export function escapeOf(directives: readonly ParserDirective[]): string {
  for (const d of directives) if (d.name.toLowerCase() === 'escape' && (d.value === '\\' || d.value === '`')) return d.value;
  return '\\';
}
