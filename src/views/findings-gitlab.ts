/**
 * GitLab's code quality report (a Code Climate issue array), the form
 * `artifacts: reports: codequality` reads; hadolint's `gitlab_codeclimate`.
 */
import type { Finding, Severity } from '../rules/index.js';
import { assertNever } from '../lang/assert-never.js';

export function findingsGitlab(findings: readonly Finding[]): object[] {
  return findings.map((f) => ({
    description: `${f.ruleId}: ${f.message}`,
    check_name: f.ruleId,
    fingerprint: fingerprint(`${f.dockerfile}\0${f.line}\0${f.ruleId}\0${f.message}`),
    severity: severity(f.severity),
    location: { path: f.dockerfile, lines: { begin: f.line } },
    content: { body: `Fix: ${f.fix}` },
    categories: ['Performance'],
    type: 'issue',
  }));
}

function severity(s: Severity): 'major' | 'minor' | 'info' {
  switch (s) {
    case 'error': return 'major';
    case 'warning': return 'minor';
    case 'info': return 'info';
    default: return assertNever(s);
  }
}

/**
 * GitLab tells new issues from old ones by this: stable for the same finding
 * in the same place. Two 32-bit FNV-1a hashes with different seeds, as hex
 * (no crypto needed: it is an identity, not a secret).
 */
function fingerprint(s: string): string {
  const fnv = (seed: number): string => {
    let h = seed >>> 0;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
    return h.toString(16).padStart(8, '0');
  };
  return `${fnv(0x811c9dc5)}${fnv(0x050c5d1f)}${fnv(0x2166136b)}${fnv(0x1b873593)}`;
}
