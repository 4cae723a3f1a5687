/** `--json`: the report as data, with a schemaVersion for scripts. */
import type { CheckReport } from '../rules/report.js';
import { reasonLine } from './reason-text.js';

export function findingsJson(report: CheckReport): object {
  return {
    schemaVersion: 1,
    repo: report.repo,
    against: report.against,
    dockerfiles: report.reports.map((r) => ({
      dockerfile: r.dockerfile,
      context: r.context === '' ? '.' : r.context,
      state: r.state,
      rebuilt: r.rebuilt.map((s) => ({ line: s.line, instruction: s.instruction, reason: s.reason, why: s.reason ? reasonLine(s.reason) : null, files: s.files, ...(s.seconds !== undefined ? { seconds: s.seconds } : {}) })),
    })),
    ...(report.shared ? { shared: report.shared } : {}),
    findings: report.reports.flatMap((r) => r.findings),
  };
}
