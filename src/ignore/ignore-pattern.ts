/**
 * One .dockerignore pattern compiled the way moby/patternmatcher compiles it
 * (`Pattern.compile`): a literal, a `dir/**` prefix, a `**\/name` suffix or a
 * regular expression in which `*`/`?` stop at '/', `**` crosses it, and
 * `[...]`/`\x` pass through. Pure.
 */
import { assertNever } from '../lang/assert-never.js';

export type PathTest = (path: string) => boolean;

/** Characters patternmatcher escapes because Go's Match gives them no meaning but regexps do. */
const REGEX_ONLY_META = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);
/** Characters that must be escaped to be literal in a unicode-mode JS regexp. */
const REGEX_SYNTAX = new Set(Array.from('^$\\.*+?()[]{}|/'));
/** Escapes that mean the same in Go RE2 and JS regexps; other `\letter` become the plain letter. */
const SHARED_CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S', 'b', 'B', 'n', 't', 'r', 'f', 'v']);

/** Compiles a cleaned pattern (no leading '!'). Returns null when the regexp does not compile (a bad pattern). */
export function compileIgnorePattern(pattern: string): PathTest | null {
  const chars = Array.from(pattern);
  let regex = '^';
  let kind: 'exact' | 'prefix' | 'suffix' | 'regexp' = 'exact';
  let i = 0;
  let inClass = false;
  for (let step = 0; i < chars.length; step++) {
    const ch = chars[i++] as string;
    if (ch === '*') {
      if (chars[i] === '*') {
        i++;
        if (chars[i] === '/') i++;
        if (i >= chars.length) {
          if (kind === 'exact') kind = 'prefix';
          else {
            regex += '.*';
            kind = 'regexp';
          }
        } else {
          regex += '(.*/)?';
          kind = 'regexp';
        }
        if (step === 0) kind = 'suffix';
      } else {
        regex += '[^/]*';
        kind = 'regexp';
      }
    } else if (ch === '?') {
      regex += '[^/]';
      kind = 'regexp';
    } else if (REGEX_ONLY_META.has(ch)) {
      regex += '\\' + ch;
    } else if (ch === '\\') {
      const next = chars[i];
      if (next === undefined) {
        regex += '\\\\';
        continue;
      }
      i++;
      regex += escapedChar(next, inClass);
      kind = 'regexp';
    } else if (ch === '[' || ch === ']') {
      inClass = ch === '[';
      regex += ch;
      kind = 'regexp';
    } else {
      regex += ch;
    }
  }
  return toTest(pattern, kind, regex);
}

/** `\x` from the pattern as a JS (unicode-mode) regexp atom with the meaning RE2 gives it. */
function escapedChar(ch: string, inClass: boolean): string {
  if (/[A-Za-z0-9]/.test(ch)) return SHARED_CLASS_ESCAPES.has(ch) ? '\\' + ch : ch;
  if (ch === '-') return inClass ? '\\-' : '-';
  return REGEX_SYNTAX.has(ch) ? '\\' + ch : ch;
}

function toTest(pattern: string, kind: 'exact' | 'prefix' | 'suffix' | 'regexp', regex: string): PathTest | null {
  switch (kind) {
    case 'exact':
      return (path) => path === pattern;
    case 'prefix': {
      const prefix = pattern.slice(0, -2);
      return (path) => path.startsWith(prefix);
    }
    case 'suffix': {
      const suffix = pattern.slice(2);
      // "**/foo" also matches "foo" itself.
      return (path) => path.endsWith(suffix) || (suffix.startsWith('/') && path === suffix.slice(1));
    }
    case 'regexp': {
      let re: RegExp;
      try {
        re = new RegExp(regex + '$', 'u');
      } catch {
        return null;
      }
      return (path) => re.test(path);
    }
    default:
      return assertNever(kind);
  }
}
