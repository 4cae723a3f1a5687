/**
 * Where each instruction of a Dockerfile starts and ends, found as
 * dockerfile-ast 0.7.1 finds them (its Parser: parse, processInstruction,
 * processArguments, processComment), character by character. The parse
 * used that library for this alone; it cost ~4.5 ms of every cold run
 * (its classes, its text document) and a third of the bundle. The bytes
 * that reach cache keys are rebuilt from these lines by `logical-line.ts`.
 * test/parse/boundaries.test.ts compares both on every corpus Dockerfile
 * and on generated texts.
 */
import { escapeOf, parserDirectives, type ParserDirective } from './directives.js';
import { heredocsEnd } from './heredoc-end.js';

/** An instruction's first and last line, 0-based, as dockerfile-ast's ranges number them (`\r`, `\n` and `\r\n` each end a line). */
export interface InstructionLines {
  readonly start: number;
  readonly end: number;
}

export interface Boundaries {
  readonly directives: readonly ParserDirective[];
  readonly escape: string;
  readonly instructions: readonly InstructionLines[];
}

/** What one instruction spans, as offsets: `keywordEnd` is where its arguments start, `end` the line break (or heredoc end) it stops at. */
export interface Span {
  readonly start: number;
  readonly keyword: string;
  readonly keywordEnd: number;
  readonly end: number;
}

export function findBoundaries(text: string): Boundaries {
  const directives = parserDirectives(text);
  const escape = escapeOf(directives);
  const lines = new LineIndex(text);
  const spans: Span[] = [];
  const first = directives.length > 0 ? lines.startOf(directives.length) : text.startsWith('\uFEFF') ? 1 : 0;
  for (let i = first; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') continue;
    if (ch === '#') {
      i = lineBreakFrom(text, i);
      continue;
    }
    const span = instructionAt(text, i, escape);
    spans.push(span);
    i = span.end;
  }
  return { directives, escape, instructions: spans.map((s) => ({ start: lines.lineOf(s.start), end: lines.lineOf(s.end) })) };
}

/** The first `\r` or `\n` after `from`, or the end of the text: where a comment ends. */
export function lineBreakFrom(text: string, from: number): number {
  for (let i = from + 1; i < text.length; i++) if (text[i] === '\r' || text[i] === '\n') return i;
  return text.length;
}

/**
 * The instruction whose keyword starts at `start`: the keyword runs to the
 * first blank (an escaped line break inside it continues it), then the
 * arguments to the first line break no escape continues.
 */
function instructionAt(text: string, start: number, escape: string): Span {
  let keyword = text[start] as string;
  let keywordEnd = -1;
  let escaped = false;
  const span = (end: number): Span => ({ start, keyword, keywordEnd: keywordEnd === -1 ? end : keywordEnd, end });
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === escape) {
      escaped = true;
      const next = text[i + 1];
      if (next === '\r' || next === '\n') {
        if (keywordEnd === -1) keywordEnd = i;
        i++;
      } else if (next === ' ' || next === '\t') {
        const j = nonBlankFrom(text, i + 2);
        if (j < text.length && text[j] !== '\r' && text[j] !== '\n') {
          // An escape, blanks, then more: the escape ends the keyword as one of its characters.
          keywordEnd = i + 1;
          keyword += escape;
          i = j - 2;
        } else if (j < text.length) {
          i = j;
        } else {
          keywordEnd = i + 1;
          keyword += escape;
          return span(text.length);
        }
      } else {
        keywordEnd = i + 1;
        keyword += escape;
        escaped = false;
      }
    } else if (ch === ' ' || ch === '\t') {
      if (escaped) {
        const j = nonBlankFrom(text, i + 1);
        if (j < text.length && (text[j] === '\r' || text[j] === '\n')) {
          i = j;
          continue;
        }
        escaped = false;
      }
      if (keywordEnd === -1) keywordEnd = i;
      return span(argumentsEnd(text, { start, keyword, keywordEnd, end: -1 }, i, escape));
    } else if (ch === '\r' || ch === '\n') {
      if (escaped) continue;
      return span(i);
    } else if (ch === '#' && escaped) {
      continue;
    } else {
      keywordEnd = i + 1;
      keyword += ch;
      escaped = false;
    }
  }
  return span(text.length);
}

/** The first index from `from` that is not a space or tab (the text's length when there is none). */
function nonBlankFrom(text: string, from: number): number {
  let j = from;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  return j;
}

/**
 * Where the arguments after the blank at `blank` end: at a line break no
 * escape continues, past the heredoc bodies a RUN, COPY or ADD opens
 * there. Comment lines inside a continuation are skipped.
 */
function argumentsEnd(text: string, head: Span, blank: number, escape: string): number {
  let escaped = false;
  for (let i = blank + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\r' || ch === '\n') {
      if (escaped) continue;
      return heredocsEnd(text, { ...head, end: i }, escape);
    }
    if (ch === escape) {
      const next = text[i + 1];
      if (next === '\n' || next === '\r') {
        escaped = true;
        i++;
      } else if (next === ' ' || next === '\t') {
        // Blanks to the end of the text leave i there: the loop ends.
        const j = nonBlankFrom(text, i + 2);
        if (text[j] === '\r' || text[j] === '\n') escaped = true;
        i = j;
      }
    } else if (ch === '#') {
      if (escaped) i = lineBreakFrom(text, i);
    } else if (ch !== ' ' && ch !== '\t') {
      escaped = false;
    }
  }
  return text.length;
}

/** Line numbers of offsets, as a text document counts lines: each `\r\n`, `\n` and lone `\r` ends one. */
class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== LF && c !== CR) continue;
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      this.starts.push(i + 1);
    }
  }

  /** The 0-based line the offset is on (clamped to the text). */
  lineOf(offset: number): number {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.starts[mid] as number) > at) high = mid;
      else low = mid + 1;
    }
    return low - 1;
  }

  /** Where line `n` starts; the end of the text past the last line. */
  startOf(n: number): number {
    return n < this.starts.length ? (this.starts[n] as number) : this.text.length;
  }
}

const LF = 0x0a;
const CR = 0x0d;
