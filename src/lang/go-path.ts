/**
 * Go's `path.Clean` and `filepath.Match` (POSIX flavour), ported because the
 * builders decide .dockerignore and COPY wildcards with exactly these
 * functions, and near-misses (a JS glob library) give wrong cache answers.
 * Pure.
 */

/** Go `path.Clean`: collapses `//`, `.` and `..`; '' becomes '.'; a rooted path never climbs above '/'. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

export class BadPatternError extends Error {
  constructor(readonly pattern: string) {
    super(`syntax error in pattern ${JSON.stringify(pattern)}`);
    this.name = 'BadPatternError';
  }
}

/**
 * Go `filepath.Match` on Unix: `*` and `?` never match '/', `[...]`/`[^...]`
 * classes with ranges, `\` escapes. Throws BadPatternError for a malformed
 * pattern even when the name does not match (as Go does since 1.16).
 * Works on code points, as Go works on runes.
 */
export function goMatch(pattern: string, name: string): boolean {
  let pat = Array.from(pattern);
  let str = Array.from(name);
  patternLoop: while (pat.length > 0) {
    const scanned = scanChunk(pat);
    const { star, chunk } = scanned;
    pat = scanned.rest;
    if (star && chunk.length === 0) return !str.includes('/');
    const first = matchChunk(chunk, str, pattern);
    if (first !== null && (first.length === 0 || pat.length > 0)) {
      str = first;
      continue;
    }
    if (star) {
      for (let i = 0; i < str.length && str[i] !== '/'; i++) {
        const rest = matchChunk(chunk, str.slice(i + 1), pattern);
        if (rest === null) continue;
        if (pat.length === 0 && rest.length > 0) continue;
        str = rest;
        continue patternLoop;
      }
    }
    assertWellFormed(pat, pattern);
    return false;
  }
  return str.length === 0;
}

/** Throws BadPatternError when `pattern` is not a valid Go `filepath.Match` pattern. */
export function validateGoPattern(pattern: string): void {
  assertWellFormed(Array.from(pattern), pattern);
}

/** True when the pattern has Go Match metacharacters (so it is a wildcard, not a literal path). */
export function hasGoMeta(pattern: string): boolean {
  return /[*?[\\]/.test(pattern);
}

function assertWellFormed(pat: string[], original: string): void {
  let rest = pat;
  while (rest.length > 0) {
    const scanned = scanChunk(rest);
    rest = scanned.rest;
    matchChunk(scanned.chunk, [], original);
  }
}

function scanChunk(pattern: string[]): { star: boolean; chunk: string[]; rest: string[] } {
  let start = 0;
  while (start < pattern.length && pattern[start] === '*') start++;
  let inRange = false;
  let i = start;
  scan: for (; i < pattern.length; i++) {
    switch (pattern[i]) {
      case '\\':
        if (i + 1 < pattern.length) i++;
        break;
      case '[':
        inRange = true;
        break;
      case ']':
        inRange = false;
        break;
      case '*':
        if (!inRange) break scan;
        break;
    }
  }
  return { star: start > 0, chunk: pattern.slice(start, i), rest: pattern.slice(i) };
}

/** Matches one chunk at the start of `s`; returns the rest of `s`, or null. Validates the whole chunk either way. */
function matchChunk(chunk: string[], s: string[], original: string): string[] | null {
  let failed = false;
  let c = 0;
  let k = 0;
  while (c < chunk.length) {
    if (!failed && k >= s.length) failed = true;
    const ch = chunk[c] as string;
    if (ch === '[') {
      const r = failed ? -1 : codePoint(s[k++]);
      c++;
      let negated = false;
      if (chunk[c] === '^') {
        negated = true;
        c++;
      }
      let matched = false;
      let nrange = 0;
      for (;;) {
        if (chunk[c] === ']' && nrange > 0) {
          c++;
          break;
        }
        const lo = readClassChar(chunk, c, original);
        c = lo.next;
        let hi = lo.char;
        if (chunk[c] === '-') {
          const h = readClassChar(chunk, c + 1, original);
          hi = h.char;
          c = h.next;
        }
        if (!failed && lo.char <= r && r <= hi) matched = true;
        nrange++;
      }
      if (matched === negated) failed = true;
    } else if (ch === '?') {
      if (!failed) {
        if (s[k] === '/') failed = true;
        k++;
      }
      c++;
    } else {
      let lit = ch;
      if (ch === '\\') {
        c++;
        if (c >= chunk.length) throw new BadPatternError(original);
        lit = chunk[c] as string;
      }
      if (!failed) {
        if (s[k] !== lit) failed = true;
        k++;
      }
      c++;
    }
  }
  return failed ? null : s.slice(k);
}

/** Go `getEsc`: one (possibly escaped) class character; '-' or ']' here, or running off the end, is a bad pattern. */
function readClassChar(chunk: string[], at: number, original: string): { char: number; next: number } {
  let i = at;
  const first = chunk[i];
  if (first === undefined || first === '-' || first === ']') throw new BadPatternError(original);
  if (first === '\\') {
    i++;
    if (i >= chunk.length) throw new BadPatternError(original);
  }
  const char = codePoint(chunk[i]);
  i++;
  if (i >= chunk.length) throw new BadPatternError(original);
  return { char, next: i };
}

function codePoint(ch: string | undefined): number {
  return ch?.codePointAt(0) ?? -1;
}
