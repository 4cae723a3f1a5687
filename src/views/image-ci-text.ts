/** `inspect --ci` as text: one PASS/FAIL/SKIP line per rule, then the result, as dive's CI mode prints it. */
import type { CiResult, CiRuleName, CiRuleResult } from '../image/ci-rules.js';
import { assertNever } from '../lang/assert-never.js';
import { bytes } from './format.js';

export function renderCiText(result: CiResult, source: string): string {
  const lines = [`CI rules (${source}):`, ...result.rules.map((r) => `  ${ruleLine(r)}`)];
  const count = (s: CiRuleResult['status']): number => result.rules.filter((r) => r.status === s).length;
  lines.push(`Result: ${result.pass ? 'PASS' : 'FAIL'} [total ${result.rules.length}, passed ${count('pass')}, failed ${count('fail')}, skipped ${count('skip')}]`);
  return `${lines.join('\n')}\n`;
}

function ruleLine(r: CiRuleResult): string {
  if (r.status === 'skip') return `SKIP  ${r.rule}: ${r.why === 'disabled' ? 'rule disabled' : 'no layer above the base adds files'}`;
  const label = r.status === 'pass' ? 'PASS' : 'FAIL';
  return `${label}  ${r.rule}: ${shown(r.rule, r.value)} ${comparison(r.rule, r.status === 'pass')} ${shown(r.rule, r.threshold)}`;
}

function shown(rule: CiRuleName, n: number): string {
  switch (rule) {
    case 'highestWastedBytes': return bytes(n);
    case 'lowestEfficiency':
    case 'highestUserWastedPercent': return `${(n * 100).toFixed(1)}%`;
    default: return assertNever(rule);
  }
}

/** How the value stands to the threshold: efficiency must stay at or above it, waste below it. */
function comparison(rule: CiRuleName, pass: boolean): string {
  if (rule === 'lowestEfficiency') return pass ? '>=' : '<';
  return pass ? '<' : '>=';
}
