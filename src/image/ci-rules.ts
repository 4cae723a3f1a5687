/**
 * `inspect --ci`: dive's CI rules over an image report, with dive's names,
 * meanings, defaults and comparisons (wagoodman/dive,
 * cmd/dive/cli/internal/command/ci/rules.go and options/ci_rules.go), over
 * the figures dive computes (dive-figures.ts):
 * - lowestEfficiency (0.9): fails when the efficiency is below it;
 * - highestWastedBytes (disabled): fails when the wasted bytes are above it;
 * - highestUserWastedPercent (0.1): fails when wasted / user bytes is above it.
 * A value equal to the threshold passes (dive's README says "met or crossed",
 * its code compares strictly, and the code is what runs). `disabled`, `off`,
 * `false` and an empty value turn a rule off. Pure: the thresholds come in as
 * data (flags over the config file, read at the edge).
 */
import { diveFigures, type DiveFigures, type DiveInput } from './dive-figures.js';

export type CiRuleName = 'lowestEfficiency' | 'highestWastedBytes' | 'highestUserWastedPercent';
export const CI_RULES: readonly CiRuleName[] = ['lowestEfficiency', 'highestWastedBytes', 'highestUserWastedPercent'];

/** Per rule its threshold; null: disabled. */
export type CiThresholds = Readonly<Record<CiRuleName, number | null>>;

export const DIVE_DEFAULTS: CiThresholds = { lowestEfficiency: 0.9, highestWastedBytes: null, highestUserWastedPercent: 0.1 };

export type CiRuleResult =
  | { readonly rule: CiRuleName; readonly status: 'pass' | 'fail'; readonly value: number; readonly threshold: number }
  | { readonly rule: CiRuleName; readonly status: 'skip'; readonly why: 'disabled' };

export interface CiResult {
  readonly pass: boolean;
  /** The figures the rules judged, as dive computes them. */
  readonly figures: DiveFigures;
  readonly rules: readonly CiRuleResult[];
}

export function evaluateCi(report: DiveInput, thresholds: CiThresholds): CiResult {
  const figures = diveFigures(report);
  const value: Record<CiRuleName, number> = {
    lowestEfficiency: figures.efficiency,
    highestWastedBytes: figures.wastedBytes,
    highestUserWastedPercent: figures.userWastedPercent,
  };
  const rules = CI_RULES.map((rule): CiRuleResult => {
    const threshold = thresholds[rule];
    if (threshold === null) return { rule, status: 'skip', why: 'disabled' };
    const v = value[rule];
    const fails = rule === 'lowestEfficiency' ? v < threshold : v > threshold;
    return { rule, status: fails ? 'fail' : 'pass', value: v, threshold };
  });
  return { pass: !rules.some((r) => r.status === 'fail'), figures, rules };
}

/** The words dive reads as "rule off" (trimmed, any case), and YAML's false. */
function isDisabled(raw: unknown): boolean {
  if (raw === false) return true;
  return typeof raw === 'string' && ['', 'disabled', 'off', 'false'].includes(raw.trim().toLowerCase());
}

/**
 * A threshold from a flag or a `.dive-ci` value: null for "disabled"; a size
 * for highestWastedBytes; else a ratio from 0 to 1 (a percentage like 95 is
 * refused, as dive refuses it).
 */
export function parseThreshold(rule: CiRuleName, raw: unknown): { ok: true; value: number | null } | { ok: false; why: string } {
  if (isDisabled(raw)) return { ok: true, value: null };
  if (rule === 'highestWastedBytes') {
    const n = typeof raw === 'number' ? (raw >= 0 ? Math.floor(raw) : null) : parseByteSize(String(raw));
    return n === null ? { ok: false, why: `a size like 20MB, 512KiB or 1000 (bytes), or "disabled"` } : { ok: true, value: n };
  }
  const n = typeof raw === 'number' ? raw : parseRatio(String(raw));
  return Number.isFinite(n) && n >= 0 && n <= 1 ? { ok: true, value: n } : { ok: false, why: `a ratio between 0 and 1 (0.9 = 90%), or "disabled"` };
}

/** A decimal number as Go's strconv.ParseFloat reads one (no hex, no sign-only, no blanks inside). */
function parseRatio(s: string): number {
  return /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(s) ? Number(s) : Number.NaN;
}

/** go-humanize's ParseBytes table (dive reads sizes with it): SI and IEC units, with or without the B. */
const UNITS: Readonly<Record<string, number>> = {
  '': 1, b: 1,
  k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12, p: 1e15, pb: 1e15, e: 1e18, eb: 1e18,
  ki: 1024, kib: 1024, mi: 1024 ** 2, mib: 1024 ** 2, gi: 1024 ** 3, gib: 1024 ** 3, ti: 1024 ** 4, tib: 1024 ** 4, pi: 1024 ** 5, pib: 1024 ** 5, ei: 1024 ** 6, eib: 1024 ** 6,
};

/** `20MB` → 20,000,000, `1KiB` → 1024, `1.5k` → 1500: digits, then a unit in any case; fractions of a byte dropped. */
export function parseByteSize(s: string): number | null {
  const m = /^\s*(\d+\.?\d*|\.\d+)\s*([a-z]*)\s*$/i.exec(s);
  const unit = m ? UNITS[(m[2] ?? '').toLowerCase()] : undefined;
  return m && unit !== undefined ? Math.floor(Number(m[1]) * unit) : null;
}

/** dive's snake-case names, which it reads from its own config file but not from `.dive-ci`. */
const KEBAB: Readonly<Record<string, CiRuleName>> = { 'lowest-efficiency': 'lowestEfficiency', 'highest-wasted-bytes': 'highestWastedBytes', 'highest-user-wasted-percent': 'highestUserWastedPercent' };

export type CiConfigRead =
  | { readonly ok: true; readonly thresholds: CiThresholds; /** Keys dive ignores, and so do we: one line each. */ readonly ignored: readonly string[] }
  | { readonly ok: false; readonly key: string; readonly why: string };

/**
 * Thresholds from a `.dive-ci` file's value (`rules: {lowestEfficiency: 0.95, ...}`), over the defaults, as
 * dive reads the file: a key left empty keeps its default, and other keys (dive's own sample has
 * `plugin1/rule1`) are ignored, each named in `ignored`. A value that is not one names its key.
 */
export function thresholdsFromConfig(value: unknown, base: CiThresholds = DIVE_DEFAULTS): CiConfigRead {
  const rules = typeof value === 'object' && value !== null && 'rules' in value ? (value as { rules: unknown }).rules : undefined;
  if (rules === undefined || rules === null) return { ok: true, thresholds: base, ignored: [] };
  if (typeof rules !== 'object' || Array.isArray(rules)) return { ok: false, key: 'rules', why: 'a mapping of rule names to thresholds' };
  const out: Record<CiRuleName, number | null> = { ...base };
  const ignored: string[] = [];
  for (const [key, raw] of Object.entries(rules)) {
    const rule = CI_RULES.find((r) => r === key);
    if (!rule) {
      const kebab = KEBAB[key];
      ignored.push(kebab ? `rules.${key}: dive reads ${kebab} in .dive-ci, not ${key}; ignored` : `rules.${key}: not one of ${CI_RULES.join(', ')}; ignored`);
      continue;
    }
    if (raw === null || raw === undefined) continue;
    const parsed = parseThreshold(rule, raw);
    if (!parsed.ok) return { ok: false, key: `rules.${key}`, why: parsed.why };
    out[rule] = parsed.value;
  }
  return { ok: true, thresholds: out, ignored };
}
