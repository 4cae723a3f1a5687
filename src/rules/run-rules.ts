/** Runs the registry over one Dockerfile: settings turn rules off or change severity; pragmas silence lines. */
import { isSilenced, type Silenced } from './suppress.js';
import type { Finding, Rule, RuleInput, Severity } from './types.js';

/** Per rule id: `off`, or a severity that replaces the rule's own. */
export type RuleSettings = ReadonlyMap<string, Severity | 'off'>;

export interface RunOptions {
  readonly settings: RuleSettings;
  /** From `silencedRules(dockerfileText)`. */
  readonly ignored: Silenced;
}

export function runRules(rules: readonly Rule[], input: RuleInput, opts: RunOptions): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const setting = opts.settings.get(rule.id);
    if (setting === 'off') continue;
    for (const hit of rule.check(input)) {
      if (isSilenced(opts.ignored, hit.line, rule.id)) continue;
      findings.push({
        ruleId: rule.id,
        severity: setting ?? rule.severity,
        message: hit.message,
        fix: hit.fix,
        dockerfile: input.dockerfile,
        line: hit.line,
        bust: rule.bust,
        files: hit.files ?? [],
      });
    }
  }
  return findings.sort((a, b) => a.line - b.line || a.ruleId.localeCompare(b.ruleId));
}
