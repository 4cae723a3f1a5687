/**
 * Docker's variable substitution (BuildKit `frontend/dockerfile/shell/lex.go`):
 * `$X`, `${X}`, `${X:-w}`, `${X-w}`, `${X:+w}`, `${X+w}`, `${X:?w}`, quotes and
 * the escape character. Unset variables expand to "".
 * A result past LIMITS.expansionBytes throws LimitExceeded: `ARG B=$A$A`
 * repeated doubles each time, and 28 levels would need gigabytes.
 */
import { expansionTooLong, LIMITS } from './limits.js';

export type Vars = ReadonlyMap<string, string>;

interface Cursor {
  readonly s: string;
  i: number;
}

/** Expands one word and removes its quotes, as `ProcessWord` does. */
export function expandWord(word: string, vars: Vars, escape = '\\'): string {
  const c: Cursor = { s: word, i: 0 };
  let out = '';
  while (c.i < c.s.length) {
    const ch = c.s[c.i] ?? '';
    if (ch === "'") out += singleQuoted(c);
    else if (ch === '"') out += doubleQuoted(c, vars, escape);
    else if (ch === '$') out += dollar(c, vars, escape);
    else if (ch === escape) {
      c.i++;
      out += c.s[c.i++] ?? '';
    } else {
      out += ch;
      c.i++;
    }
    if (out.length > LIMITS.expansionBytes) throw expansionTooLong();
  }
  return out;
}

function singleQuoted(c: Cursor): string {
  const end = c.s.indexOf("'", c.i + 1);
  const stop = end < 0 ? c.s.length : end;
  const text = c.s.slice(c.i + 1, stop);
  c.i = stop + 1;
  return text;
}

function doubleQuoted(c: Cursor, vars: Vars, escape: string): string {
  let out = '';
  c.i++;
  while (c.i < c.s.length && c.s[c.i] !== '"') {
    const ch = c.s[c.i] ?? '';
    if (ch === '$') out += dollar(c, vars, escape);
    else if (ch === escape && /["$]/.test(c.s[c.i + 1] ?? '') || (ch === escape && c.s[c.i + 1] === escape)) {
      out += c.s[c.i + 1];
      c.i += 2;
    } else {
      out += ch;
      c.i++;
    }
    if (out.length > LIMITS.expansionBytes) throw expansionTooLong();
  }
  c.i++;
  return out;
}

function dollar(c: Cursor, vars: Vars, escape: string): string {
  c.i++;
  if (c.s[c.i] !== '{') {
    const m = /^[A-Za-z0-9_]+/.exec(c.s.slice(c.i));
    if (!m) return '$';
    c.i += m[0].length;
    return vars.get(m[0]) ?? '';
  }
  const close = matchingBrace(c.s, c.i);
  const inner = c.s.slice(c.i + 1, close);
  c.i = close + 1;
  const m = /^([A-Za-z0-9_]+)(:?[-+?])?([\s\S]*)$/.exec(inner);
  if (!m || !m[1]) return '';
  const [, name, op, rest = ''] = m;
  const value = vars.get(name);
  const empty = op?.startsWith(':') ? !value : value === undefined;
  switch (op?.replace(':', '')) {
    case '-': return empty ? expandWord(rest, vars, escape) : value ?? '';
    case '+': return empty ? '' : expandWord(rest, vars, escape);
    default: return value ?? '';
  }
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return s.length;
}

/**
 * Splits on unquoted whitespace, keeping quotes in the words (BuildKit's
 * `parseWords`, used for ENV/LABEL/ARG name=value lists).
 */
export function splitWords(text: string, escape = '\\'): string[] {
  const words: string[] = [];
  let word = '';
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (!quote && /\s/.test(ch)) {
      if (word) words.push(word);
      word = '';
      continue;
    }
    if (ch === escape && quote !== "'" && i + 1 < text.length) {
      word += ch + (text[++i] ?? '');
      continue;
    }
    if (quote && ch === quote) quote = '';
    else if (!quote && (ch === '"' || ch === "'")) quote = ch;
    word += ch;
  }
  if (word) words.push(word);
  return words;
}

/** `ARG a=1 b`: each declared name, with its default as written (not yet expanded), or undefined when it has none. */
export function argDeclarations(rest: string, escape = '\\'): { readonly name: string; readonly value: string | undefined }[] {
  return splitWords(rest, escape).map((word) => {
    const eq = word.indexOf('=');
    return eq < 0 ? { name: word, value: undefined } : { name: word.slice(0, eq), value: word.slice(eq + 1) };
  });
}
