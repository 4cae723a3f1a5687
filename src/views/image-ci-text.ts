/** `inspect --ci` as text: dive's figures, one PASS/FAIL/SKIP line per rule, then the result, as dive's CI mode prints it. */
import type { CiResult, CiRuleName, CiRuleResult } from '../image/ci-rules.js';
import { assertNever } from '../lang/assert-never.js';
import { bytes } from './format.js';

export function renderCiText(result: CiResult, source: string): string {
  const f = result.figures;
  const lines = [
    `CI rules (${source}), over dive's figures: efficiency ${percent(f.efficiency)}, wasted ${bytes(f.wastedBytes)}, user wasted ${percent(f.userWastedPercent)} of ${bytes(f.userSizeBytes)}`,
    ...result.rules.map((r) => `  ${ruleLine(r)}`),
  ];
  const count = (s: CiRuleResult['status']): number => result.rules.filter((r) => r.status === s).length;
  lines.push(`Result: ${result.pass ? 'PASS' : 'FAIL'} [total ${result.rules.length}, passed ${count('pass')}, failed ${count('fail')}, skipped ${count('skip')}]`);
  return `${lines.join('\n')}\n`;
}

function ruleLine(r: CiRuleResult): string {
  if (r.status === 'skip') return `SKIP  ${r.rule}: rule disabled`;
  const label = r.status === 'pass' ? 'PASS' : 'FAIL';
  return `${label}  ${r.rule}: ${shown(r.rule, r.value)} ${comparison(r.rule, r.status === 'pass')} ${shown(r.rule, r.threshold)}`;
}

function shown(rule: CiRuleName, n: number): string {
  switch (rule) {
    case 'highestWastedBytes': return bytes(n);
    case 'lowestEfficiency':
    case 'highestUserWastedPercent': return percent(n);
    default: return assertNever(rule);
  }
}

function percent(n: number): string {
  return Number.isFinite(n) ? `${(n * 100).toFixed(1)}%` : '∞';
}

/** How the value stands to the threshold, as dive compares: efficiency fails below it, waste above it (equal passes). */
function comparison(rule: CiRuleName, pass: boolean): string {
  if (rule === 'lowestEfficiency') return pass ? '>=' : '<';
  return pass ? '<=' : '>';
}
