/**
 * `inspect --ci`: dive's CI rules over an image report. Same names, meanings
 * and defaults as dive (`--ci`, `.dive-ci`):
 * - lowestEfficiency (0.9): fail when the share of file bytes still visible in the final image is below it;
 * - highestWastedBytes (disabled): fail when the bytes hidden by later layers reach it;
 * - highestUserWastedPercent (0.1): fail when those bytes reach this share of what the layers above the
 *   base layer add (dive leaves the first layer out of the "user" size).
 * Pure: the thresholds come in as data (flags over the config file, read at the edge).
 */
import type { ImageReport } from './report.js';

export type CiRuleName = 'lowestEfficiency' | 'highestWastedBytes' | 'highestUserWastedPercent';
export const CI_RULES: readonly CiRuleName[] = ['lowestEfficiency', 'highestWastedBytes', 'highestUserWastedPercent'];

/** Per rule its threshold; null: disabled. */
export type CiThresholds = Readonly<Record<CiRuleName, number | null>>;

export const DIVE_DEFAULTS: CiThresholds = { lowestEfficiency: 0.9, highestWastedBytes: null, highestUserWastedPercent: 0.1 };

export type CiRuleResult =
  | { readonly rule: CiRuleName; readonly status: 'pass' | 'fail'; readonly value: number; readonly threshold: number }
  | { readonly rule: CiRuleName; readonly status: 'skip'; readonly why: 'disabled' | 'no-user-layers' };

export interface CiResult {
  readonly pass: boolean;
  readonly rules: readonly CiRuleResult[];
}

export function evaluateCi(report: ImageReport, thresholds: CiThresholds): CiResult {
  const { summary, layers } = report;
  const userBytes = layers.slice(1).reduce((n, l) => n + l.fileBytes, 0);
  const value: Record<CiRuleName, number | null> = {
    lowestEfficiency: summary.efficiency,
    highestWastedBytes: summary.wastedBytes,
    highestUserWastedPercent: userBytes === 0 ? null : summary.wastedBytes / userBytes,
  };
  const rules = CI_RULES.map((rule): CiRuleResult => {
    const threshold = thresholds[rule];
    if (threshold === null) return { rule, status: 'skip', why: 'disabled' };
    const v = value[rule];
    if (v === null) return { rule, status: 'skip', why: 'no-user-layers' };
    const fails = rule === 'lowestEfficiency' ? v < threshold : v >= threshold;
    return { rule, status: fails ? 'fail' : 'pass', value: v, threshold };
  });
  return { pass: !rules.some((r) => r.status === 'fail'), rules };
}

/** Why a threshold value is not one, or null; `parsed` gets the number (null for "disabled"). */
export function parseThreshold(rule: CiRuleName, raw: unknown): { ok: true; value: number | null } | { ok: false; why: string } {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim().toLowerCase() === 'disabled')) return { ok: true, value: null };
  if (rule === 'highestWastedBytes') {
    const n = typeof raw === 'number' ? raw : parseByteSize(String(raw));
    return n === null || n < 0 ? { ok: false, why: `a size like 20MB, 512KiB or 1000 (bytes), or "disabled"` } : { ok: true, value: n };
  }
  const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
  return Number.isFinite(n) && n >= 0 && n <= 1 ? { ok: true, value: n } : { ok: false, why: `a ratio between 0 and 1 (0.9 = 90%), or "disabled"` };
}

const UNITS: Readonly<Record<string, number>> = {
  '': 1, b: 1,
  kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, k: 1e3, m: 1e6, g: 1e9, t: 1e12,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
};

/** `20MB` → 20,000,000, `1KiB` → 1024: decimal and binary units as dive (go-humanize) reads them. */
export function parseByteSize(s: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(s);
  const unit = m ? UNITS[(m[2] ?? '').toLowerCase()] : undefined;
  return m && unit !== undefined ? Math.round(Number(m[1]) * unit) : null;
}

/**
 * Thresholds from a `.dive-ci` file's value (`rules: {lowestEfficiency: 0.95, ...}`), over the defaults.
 * Returns the problem with the key it is about when a value is not one.
 */
export function thresholdsFromConfig(value: unknown, base: CiThresholds = DIVE_DEFAULTS): { ok: true; thresholds: CiThresholds } | { ok: false; key: string; why: string } {
  const rules = typeof value === 'object' && value !== null && 'rules' in value ? (value as { rules: unknown }).rules : undefined;
  if (rules === undefined || rules === null) return { ok: true, thresholds: base };
  if (typeof rules !== 'object' || Array.isArray(rules)) return { ok: false, key: 'rules', why: 'a mapping of rule names to thresholds' };
  const out: Record<CiRuleName, number | null> = { ...base };
  for (const [key, raw] of Object.entries(rules)) {
    const rule = CI_RULES.find((r) => r === key);
    if (!rule) return { ok: false, key: `rules.${key}`, why: `one of ${CI_RULES.join(', ')}` };
    const parsed = parseThreshold(rule, raw);
    if (!parsed.ok) return { ok: false, key: `rules.${key}`, why: parsed.why };
    out[rule] = parsed.value;
  }
  return { ok: true, thresholds: out };
}
