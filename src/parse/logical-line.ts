/**
 * BuildKit's line handling (frontend/dockerfile/parser): how physical lines
 * become one logical line, and how that line splits into keyword, flags and
 * arguments. Cache keys depend on these exact bytes, so this follows the
 * builder rather than dockerfile-ast's own normalisation.
 */
import type { Flag } from './instruction.js';

const COMMENT = /^[ \t]*#/;

/**
 * Joins the physical lines of one instruction: a trailing escape character
 * (plus trailing blanks) continues the line; comment and blank lines inside a
 * continuation are dropped; continued lines keep their leading indentation.
 * Returns the joined line and how many physical lines it used.
 */
export function joinContinuations(lines: readonly string[], escape: string): { line: string; used: number } {
  const continuation = new RegExp(`(^|[^${escapeClass(escape)}])${escapeClass(escape)}[ \\t]*$`);
  let line = (lines[0] ?? '').replace(/^[ \t]+/, '');
  let used = 1;
  let cont = continuation.test(line);
  if (cont) line = line.replace(continuation, '$1');
  while (cont && used < lines.length) {
    const next = lines[used++] ?? '';
    if (COMMENT.test(next) || next.trim() === '') continue;
    cont = continuation.test(next);
    line += cont ? next.replace(continuation, '$1') : next;
  }
  return { line, used };
}

function escapeClass(ch: string): string {
  return ch.replace(/[\\\]^-]/g, '\\$&');
}

/** Splits a logical line into keyword, flags and the rest, as BuildKit's `splitCommand`. */
export function splitCommand(line: string): { keyword: string; flags: Flag[]; rest: string } {
  const trimmed = line.trim();
  const m = /^(\S+)(?:\s+([\s\S]*))?$/.exec(trimmed);
  const keyword = (m?.[1] ?? '').toUpperCase();
  const { rest, words } = extractFlags(m?.[2] ?? '');
  return { keyword, flags: words.map(toFlag), rest: rest.trim() };
}

function toFlag(word: string): Flag {
  const body = word.slice(2);
  const eq = body.indexOf('=');
  return eq < 0 ? { name: body, value: null } : { name: body.slice(0, eq), value: body.slice(eq + 1) };
}

/** A port of BuildKit's `extractBuilderFlags`: leading `--flag[=value]` words, quotes allowed. */
export function extractFlags(line: string): { rest: string; words: string[] } {
  const words: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let word = '';
  let quote = '';
  let blankOK = false;
  for (let pos = 0; pos <= line.length; pos++) {
    let ch = line[pos] ?? '';
    if (phase === 'spaces') {
      if (pos === line.length) break;
      if (/\s/.test(ch)) continue;
      if (ch !== '-' || line[pos + 1] !== '-') return { rest: line.slice(pos), words };
      phase = 'word';
    }
    if (pos === line.length) {
      if (word !== '--' && (blankOK || word.length > 0)) words.push(word);
      break;
    }
    if (phase === 'word') {
      if (/\s/.test(ch)) {
        if (word === '--') return { rest: line.slice(pos), words };
        if (blankOK || word.length > 0) words.push(word);
        phase = 'spaces';
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 'quote';
        continue;
      }
      if (ch === '\\') {
        if (pos + 1 === line.length) continue;
        ch = line[++pos] ?? '';
      }
      word += ch;
      continue;
    }
    if (ch === quote) {
      phase = 'word';
      continue;
    }
    if (ch === '\\' && quote !== "'") {
      if (pos + 1 === line.length) {
        phase = 'word';
        continue;
      }
      ch = line[++pos] ?? '';
    }
    word += ch;
  }
  return { rest: '', words };
}

/** BuildKit's `parseMaybeJSON`: a JSON array of strings is the exec form. */
export function parseExecForm(rest: string): string[] | null {
  if (!rest.startsWith('[')) return null;
  try {
    const value: unknown = JSON.parse(rest);
    return Array.isArray(value) && value.every((v): v is string => typeof v === 'string') ? value : null;
  } catch {
    return null;
  }
}
