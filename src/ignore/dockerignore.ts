/**
 * .dockerignore / .containerignore: which file applies, how its text becomes
 * patterns, and whether a context path is excluded. Pure.
 *
 * BuildKit: text → `moby/patternmatcher/ignorefile.ReadAll` → `patternmatcher.New`,
 * then the context walk (`tonistiigi/fsutil` filter.go) asks
 * `MatchesUsingParentResults` per path, carrying each directory's per-pattern
 * results down to its children.
 * buildah: text → `openshift/imagebuilder.ParseIgnoreReader` → `patternmatcher.New`,
 * then its copier asks the older `Matches` (the path, or its ancestor at the
 * pattern's depth).
 */
import { BadPatternError, cleanPath, validateGoPattern } from '../lang/go-path.js';
import { compileIgnorePattern, type PathTest } from './ignore-pattern.js';

export type IgnoreDialect = 'buildkit' | 'buildah';

export interface IgnoreRule {
  /** The pattern as the matcher holds it (cleaned, without '!'). */
  readonly pattern: string;
  /** A `!` re-include. */
  readonly exclusion: boolean;
  /** 1-based line in the ignore file. */
  readonly line: number;
  readonly test: PathTest;
  /** Number of path segments in the pattern (used by buildah's matcher). */
  readonly depth: number;
  /**
   * Whether the pattern can match a path of another depth: only through `**`,
   * a `[...]` class or a `\x` escape (a class like `[^a]` or `\W` matches '/');
   * everything else in it matches '/' exactly where the pattern has one.
   */
  readonly anyDepth: boolean;
}

export interface IgnoreRules {
  readonly dialect: IgnoreDialect;
  readonly rules: readonly IgnoreRule[];
  /** Some rule is a `!` re-include, so an excluded directory may still hold kept files. */
  readonly hasExclusions: boolean;
  /** Every `!` rule is a literal path (after dropping a trailing `/*` or `/**`), so excluded dirs can be pruned by prefix. */
  readonly literalExclusions: boolean;
}

/** Per rule: whether it matched this directory (BuildKit passes this down to the directory's children). */
export type MatchInfo = readonly boolean[];

export class IgnoreSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly pattern: string,
    readonly why: string,
  ) {
    super(`${why} on line ${line}: ${JSON.stringify(pattern)}`);
    this.name = 'IgnoreSyntaxError';
  }
}

export const NO_RULES: IgnoreRules = { dialect: 'buildkit', rules: [], hasExclusions: false, literalExclusions: true };

/** Parses an ignore file's text. Throws IgnoreSyntaxError (with the line) for a pattern the builder would reject. */
export function parseIgnoreFile(text: string, dialect: IgnoreDialect = 'buildkit'): IgnoreRules {
  const lines = dialect === 'buildkit' ? readBuildkitLines(text) : readBuildahLines(text);
  const rules = lines.flatMap(({ text: raw, line }) => toRule(raw, line));
  const exclusions = rules.filter((r) => r.exclusion);
  return {
    dialect,
    rules,
    hasExclusions: exclusions.length > 0,
    literalExclusions: exclusions.every((r) => !/[*[\]?^\\]/.test(withoutTrailingGlob(r.pattern))),
  };
}

interface RawLine {
  readonly text: string;
  readonly line: number;
}

/** `ignorefile.ReadAll`: BOM, `#` comments (only in column 1), trimming, `filepath.Clean`, leading '/' dropped. */
function readBuildkitLines(text: string): RawLine[] {
  const out: RawLine[] = [];
  splitScannerLines(text.replace(/^\uFEFF/, '')).forEach((rawLine, index) => {
    if (rawLine.startsWith('#')) return;
    let pattern = rawLine.trim();
    if (pattern === '') return;
    const invert = pattern.startsWith('!');
    if (invert) pattern = pattern.slice(1).trim();
    if (pattern.length > 0) {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    out.push({ text: invert ? '!' + pattern : pattern, line: index + 1 });
  });
  return out;
}

/** imagebuilder `ParseIgnoreReader`: split on "\n", skip empty and `#` lines, trim '/' at both ends. */
function readBuildahLines(text: string): RawLine[] {
  const out: RawLine[] = [];
  text.split('\n').forEach((rawLine, index) => {
    if (rawLine.length === 0 || rawLine.startsWith('#')) return;
    const pattern = rawLine.replace(/^\/+|\/+$/g, '');
    if (pattern.length > 0) out.push({ text: pattern, line: index + 1 });
  });
  return out;
}

/** Go `bufio.ScanLines`: lines end at "\n", a trailing "\r" is dropped, no empty last line. */
function splitScannerLines(text: string): string[] {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (text.endsWith('\n')) lines.pop();
  return lines;
}

/** `patternmatcher.New` for one pattern. */
function toRule(raw: string, line: number): IgnoreRule[] {
  let pattern = raw.trim();
  if (pattern === '') return [];
  pattern = cleanPath(pattern);
  const exclusion = pattern.startsWith('!');
  if (exclusion) {
    if (pattern.length === 1) throw new IgnoreSyntaxError(line, raw, 'illegal exclusion pattern "!"');
    pattern = pattern.slice(1);
  }
  try {
    validateGoPattern(pattern);
  } catch (err) {
    if (err instanceof BadPatternError) throw new IgnoreSyntaxError(line, raw, 'syntax error in pattern');
    throw err;
  }
  const test = compileIgnorePattern(pattern);
  if (test === null) throw new IgnoreSyntaxError(line, raw, 'syntax error in pattern');
  return [{ pattern, exclusion, line, test, depth: pattern.split('/').length, anyDepth: /\*\*|\[|\\/.test(pattern) }];
}

/**
 * BuildKit's `MatchesUsingParentResults`: pass the parent directory's info
 * (undefined at the top, or to check a lone path: then ancestors are
 * tested directly). Rules that cannot change the outcome are skipped, and a
 * skipped rule is recorded as not matching: this quirk is what BuildKit does.
 */
export function matchWithParent(
  rules: IgnoreRules,
  path: string,
  parent?: MatchInfo,
  depth?: number,
): { excluded: boolean; info: MatchInfo } {
  // The info differs from the parent's only where a rule newly matches, which few paths do: share the
  // parent's array until then (one array per walked path was ~5% of a 20,000-file walk's garbage).
  let info: boolean[] | null = null;
  let excluded = false;
  const n = rules.rules.length;
  for (let i = 0; i < n; i++) {
    const rule = rules.rules[i] as IgnoreRule;
    if (parent?.[i]) {
      excluded = !rule.exclusion;
      continue;
    }
    if (rule.exclusion !== excluded) continue;
    // `depth` (the path's segments, when the caller knows them) rules out a pattern that cannot match at it without testing.
    const fits = depth === undefined || rule.anyDepth || rule.depth === depth;
    if (!(fits && rule.test(path)) && !(parent === undefined && ancestorMatches(rule, path))) continue;
    info ??= parent === undefined ? new Array<boolean>(n).fill(false) : [...parent];
    info[i] = true;
    excluded = !rule.exclusion;
  }
  return { excluded, info: info ?? parent ?? noMatches(n) };
}

const NO_MATCHES: MatchInfo[] = [];

/** A shared all-false info per rule count (never mutated: MatchInfo is read-only). */
function noMatches(n: number): MatchInfo {
  return (NO_MATCHES[n] ??= Object.freeze(new Array<boolean>(n).fill(false)));
}

function ancestorMatches(rule: IgnoreRule, path: string): boolean {
  const parts = path.split('/');
  for (let n = 1; n < parts.length; n++) {
    if (rule.test(parts.slice(0, n).join('/'))) return true;
  }
  return false;
}

/** buildah's (deprecated upstream) `PatternMatcher.Matches`: the path, or its ancestor as deep as the pattern. */
function matchBuildah(rules: IgnoreRules, path: string): boolean {
  const parentDirs = path.split('/').slice(0, -1);
  let excluded = false;
  for (const rule of rules.rules) {
    if (rule.exclusion !== excluded) continue;
    let match = rule.test(path);
    if (!match && parentDirs.length > 0 && rule.depth <= parentDirs.length) {
      match = rule.test(parentDirs.slice(0, rule.depth).join('/'));
    }
    if (match) excluded = !rule.exclusion;
  }
  return excluded;
}

/**
 * The walk's question for one entry, given its parent's info (undefined at
 * the top) and, if known, its depth (segments). For buildah the info is
 * unused and stays empty.
 */
export function matchEntry(rules: IgnoreRules, path: string, parent?: MatchInfo, depth?: number): { excluded: boolean; info: MatchInfo } {
  if (rules.rules.length === 0) return { excluded: false, info: [] };
  if (rules.dialect === 'buildah') return { excluded: matchBuildah(rules, path), info: [] };
  return matchWithParent(rules, path, parent, depth);
}

/**
 * What matchEntry answers for every path of `depth` segments in a directory
 * with the info `parent`, when no rule can test such a path (each is fixed
 * at another depth): the parent's info alone decides, so a walk asks once
 * per directory instead of once per file. null when a rule may test them,
 * at the top (ancestors are tested there), and for buildah (no info).
 */
export function matchWithoutTesting(rules: IgnoreRules, parent: MatchInfo | undefined, depth: number): { excluded: boolean; info: MatchInfo } | null {
  if (rules.rules.length === 0) return matchEntry(rules, '');
  if (rules.dialect === 'buildah' || parent === undefined || rules.rules.some((r) => r.anyDepth || r.depth === depth)) return null;
  return matchWithParent(rules, '', parent, depth);
}

/** Whether one context path (POSIX, relative, no "./") is excluded, as the builder's walk would decide. */
export function isExcluded(rules: IgnoreRules, path: string): boolean {
  const clean = cleanPath(path);
  if (clean === '.') return false; // The context root itself is never excluded.
  if (rules.dialect === 'buildah') return matchBuildah(rules, clean);
  let info: MatchInfo | undefined;
  let result = false;
  const parts = clean.split('/');
  for (let n = 1; n <= parts.length; n++) {
    const step = matchWithParent(rules, parts.slice(0, n).join('/'), info);
    info = step.info;
    result = step.excluded;
  }
  return result;
}

/**
 * An excluded directory whose subtree no `!` rule can reach need not be
 * walked (fsutil's prune; it never changes the result). With a wildcard `!`
 * rule anything may come back, so the directory must be walked.
 */
export function canSkipExcludedDir(rules: IgnoreRules, dir: string): boolean {
  if (!rules.hasExclusions) return true;
  if (!rules.literalExclusions) return false;
  const dirSlash = dir + '/';
  return !rules.rules.some((r) => r.exclusion && (withoutTrailingGlob(r.pattern) + '/').startsWith(dirSlash));
}

function withoutTrailingGlob(pattern: string): string {
  let p = pattern;
  if (p.endsWith('/**')) p = p.slice(0, -3);
  if (p.endsWith('/*')) p = p.slice(0, -2);
  return p;
}

/**
 * Ignore files to try, best first; the first that exists applies alone
 * (never merged). Paths are absolute.
 * BuildKit (`frontend/dockerui`): `<Dockerfile>.dockerignore`, then `<context>/.dockerignore`.
 * buildah (`pkg/parse.ContainerIgnoreFile`): `<Containerfile>.dockerignore` (checked after, so it
 * beats `<Containerfile>.containerignore` when both exist), `<Containerfile>.containerignore`,
 * then `<context>/.containerignore`, then `<context>/.dockerignore`.
 */
export interface IgnoreCandidate {
  /** Absolute path. */
  readonly file: string;
  /** In the context root (else beside the Dockerfile, which may live anywhere). */
  readonly inContext: boolean;
}

export function ignoreFileCandidates(root: string, dockerfile: string, builder: IgnoreDialect): IgnoreCandidate[] {
  const inContext = (name: string): IgnoreCandidate => ({ file: root.endsWith('/') ? root + name : `${root}/${name}`, inContext: true });
  const beside = (suffix: string): IgnoreCandidate => ({ file: dockerfile + suffix, inContext: false });
  if (builder === 'buildkit') return [beside('.dockerignore'), inContext('.dockerignore')];
  return [beside('.dockerignore'), beside('.containerignore'), inContext('.containerignore'), inContext('.dockerignore')];
}
