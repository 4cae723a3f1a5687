/**
 * Where the heredoc bodies an instruction opens end, as dockerfile-ast 0.7.1
 * decides (Parser.processHeredocs and parseHeredoc, with the arguments its
 * Instruction.getRawArguments splits): boundaries.ts extends an instruction
 * to the end of its last body. logical-line.ts and parse-dockerfile.ts
 * read the bodies themselves; this only says which lines are the
 * instruction's.
 */
import type { Span } from './boundaries.js';

const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

/**
 * The offset the instruction `head` ends at (its line break, `head.end`),
 * or past its heredoc bodies: each `<<NAME` word ends at the next line that
 * is NAME alone (after tabs, once any word is `<<-NAME`). An ONBUILD's
 * trigger opens them the same way.
 */
export function heredocsEnd(text: string, head: Span, escape: string): number {
  const words = heredocWords(text, head, escape);
  if (words === null) return head.end;
  const names: string[] = [];
  let tabbed = false;
  for (const word of words) {
    if (!word.startsWith('<<') || word.length <= 2) continue;
    if (word.startsWith('<<-')) tabbed = true;
    const name = heredocName(word);
    if (name !== null) names.push(name);
  }
  let offset = head.end;
  for (const name of names) offset = bodyEnd(text, name, offset, tabbed);
  return offset;
}

/** The argument words (flags taken off) of a RUN, COPY or ADD, or of an ONBUILD's trigger; null for other instructions. */
function heredocWords(text: string, head: Span, escape: string): string[] | null {
  let keyword = head.keyword.toUpperCase();
  let args = rawArguments(text, head.keywordEnd, head.end, escape);
  if (keyword === 'ONBUILD') {
    const trigger = args[0];
    if (trigger === undefined) return null;
    keyword = text.slice(trigger.start, trigger.end).toUpperCase();
    args = rawArguments(text, trigger.end, head.end, escape);
  }
  return HEREDOC_KEYWORDS.has(keyword) ? withoutFlags(args.map((a) => a.value)) : null;
}

/**
 * The words after the flags, as dockerfile-ast's ModifiableInstruction
 * counts them for RUN, COPY and ADD: up to the first word without `--`,
 * each word starting with `--` is a flag, and that many words are dropped
 * from the front.
 */
function withoutFlags(words: readonly string[]): string[] {
  let flags = 0;
  for (const w of words) {
    if (!w.includes('--')) break;
    if (w.startsWith('--')) flags++;
  }
  return words.slice(flags);
}

/** `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'` → EOF; null for an unbalanced quote or `<<<`. */
function heredocName(word: string): string | null {
  let name = word.slice(2);
  if (name.startsWith('-')) name = name.slice(1);
  for (const quote of ['"', "'"]) {
    if (!name.startsWith(quote)) continue;
    if (!name.endsWith(quote)) return null;
    // substring, not slice: a lone quote stays itself (start past end swaps), as dockerfile-ast has it.
    name = name.substring(1, name.length - 1);
  }
  return name.startsWith('<') ? null : name;
}

/**
 * The line break after the first line from `from` that is exactly `name`
 * (its leading tabs skipped when `tabbed`), or the end of the text.
 */
function bodyEnd(text: string, name: string, from: number, tabbed: boolean): number {
  let wordStart = -1;
  let lineStart = true;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\r' || ch === '\n') {
      if (wordStart !== -1 && text.slice(wordStart, i) === name) return i;
      wordStart = -1;
      lineStart = true;
    } else if (ch === ' ' || (ch === '\t' && !tabbed)) {
      lineStart = false;
    } else if (ch !== '\t' && lineStart) {
      wordStart = i;
      lineStart = false;
    }
  }
  return text.length;
}

interface RawArgument {
  readonly value: string;
  /** Offsets of the word's raw text. */
  readonly start: number;
  readonly end: number;
}

/** Splitting state of rawArguments: the word being read and what the escapes before it said. */
interface WordState {
  value: string;
  /** Offset of the word's first character, -1 between words. */
  found: number;
  /** Offset of an escape that may end the word (before an escaped line break or blank), -1 if none. */
  marker: number;
  /** Inside an escaped line break (blank lines and comment lines continue the instruction). */
  escaping: boolean;
  /** A blank seen while escaping, on the continued line. */
  blank: boolean;
  /** At the start of a continued line, where `#` opens a comment. */
  lineStart: boolean;
  comment: boolean;
}

/**
 * The words of text[from, to) as dockerfile-ast's getRawArguments splits
 * them: at blanks; an escape takes the next character as it is (`\$` keeps
 * both); an escaped line break continues the word unless a blank comes
 * after it; comment lines after an escaped line break are skipped.
 */
function rawArguments(text: string, from: number, to: number, escape: string): RawArgument[] {
  const words: RawArgument[] = [];
  const s: WordState = { value: '', found: -1, marker: -1, escaping: false, blank: false, lineStart: false, comment: false };
  const push = (end: number): void => {
    words.push({ value: s.value, start: from + s.found, end: from + end });
    s.value = '';
    s.found = -1;
  };
  const args = text.slice(from, to);
  for (let i = 0; i < args.length; i++) {
    const ch = args[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      if (s.escaping) {
        s.blank = ch === ' ' || ch === '\t';
        if (!s.blank && s.comment) {
          s.comment = false;
          s.lineStart = true;
        }
      } else if (s.found !== -1) {
        push(s.marker === -1 ? i : s.marker);
        s.marker = -1;
      }
    } else if (ch === escape) {
      const next = args[i + 1];
      if (next === ' ' || next === '\t') {
        i = escapedBlank(args, i, s);
      } else if (next === '\r' || next === '\n') {
        continueLine(s, s.marker === -1 ? i : s.marker);
        i += next === '\r' ? 2 : 1;
      } else {
        if (s.blank && s.marker !== -1) push(s.marker);
        s.marker = -1;
        s.blank = false;
        s.escaping = false;
        if (next === undefined) break;
        // The escaped character joins the word; `\$` stays as written, for the expansion.
        s.value += next === '$' ? `${ch}$` : next;
        if (s.found === -1) s.found = i;
        i++;
      }
    } else if (!s.comment) {
      if (s.lineStart && ch === '#') {
        s.comment = true;
      } else {
        if (s.blank && s.marker !== -1) push(s.marker);
        s.blank = false;
        s.escaping = false;
        s.marker = -1;
        s.value += ch;
        if (s.found === -1) s.found = i;
      }
      s.lineStart = false;
    }
  }
  if (s.found !== -1) push(s.marker === -1 ? args.length : s.marker);
  return words;
}

/**
 * An escape followed by blanks at `i`: before a line break it continues the
 * line; before more text it marks where the word may end. Returns the index
 * the loop goes on from (it adds one).
 */
function escapedBlank(args: string, i: number, s: WordState): number {
  let j = i + 2;
  while (j < args.length && (args[j] === ' ' || args[j] === '\t')) j++;
  if (j === args.length) return i;
  if (args[j] === '\r' || args[j] === '\n') {
    if (args[j] === '\r') j++;
    continueLine(s, i);
    return j;
  }
  s.marker = i;
  return s.found === -1 ? j - 1 : i;
}

/** An escaped line break: comment lines may follow; the word (if one is open) may end at `marker`. */
function continueLine(s: WordState, marker: number): void {
  s.comment = false;
  s.escaping = true;
  s.lineStart = true;
  if (s.found !== -1) s.marker = marker;
}
