/** The plain `check`/`lint` report: per Dockerfile, what the change rebuilds, then each finding with its fix. */
import type { CheckReport, DockerfileReport } from '../rules/report.js';
import type { Finding } from '../rules/index.js';
import { type Paint, NO_PAINT } from './paint.js';
import { oneLine, reasonLine } from './reason-text.js';
import { seconds } from './format.js';

/** `header`: lines before the report (with shared records: whose, and how old this clone's copy is). */
export function renderFindingsText(report: CheckReport, paint: Paint = NO_PAINT, header: readonly string[] = []): string {
  const out: string[] = header.length ? [...header, ''] : [];
  for (const r of report.reports) {
    if (!r.rebuilt.length && !r.findings.length) continue;
    out.push(...dockerfileBlock(r, report, paint), '');
  }
  if (report.shared?.unrecorded.length) out.push(`not built in "${report.shared.name}"'s records (not planned): ${report.shared.unrecorded.join(', ')}`, '');
  if (report.shared?.unchanged.length) out.push(`as "${report.shared.name}" built them (inputs unchanged, not planned): ${report.shared.unchanged.join(', ')}`, '');
  const findings = report.reports.flatMap((r) => r.findings);
  out.push(summary(report, findings));
  return `${out.join('\n')}\n`;
}

function dockerfileBlock(r: DockerfileReport, report: CheckReport, paint: Paint): string[] {
  const ctx = r.context === '' ? '.' : r.context;
  const lines: string[] = [];
  if (r.rebuilt.length) {
    const n = `${r.rebuilt.length} step${r.rebuilt.length > 1 ? 's' : ''}`;
    const known = r.rebuilt.filter((s) => s.seconds !== undefined);
    const cost = known.length ? `, ≈ ${seconds(known.reduce((sum, s) => sum + (s.seconds ?? 0), 0))} by its recorded timings` : '';
    const what = report.shared ? `"${report.shared.name}" would rebuild ${n}${cost}` : `${n} cached at ${report.against} would be rebuilt`;
    lines.push(paint.bold(`${r.dockerfile} (context ${ctx}${r.definition ? `, ${r.definition}` : ''}): ${what}`));
    for (const s of r.rebuilt) lines.push(`  ${paint.rebuilt('rebuilt')} ${String(s.line).padStart(4)}  ${oneLine(s.instruction)}${s.reason ? paint.dim(`  ${reasonLine(s.reason)}`) : ''}`);
  } else {
    lines.push(paint.bold(`${r.dockerfile} (context ${ctx}${r.definition ? `, ${r.definition}` : ''})`));
  }
  for (const f of r.findings) lines.push(...findingLines(f, paint));
  return lines;
}

export function findingLines(f: Finding, paint: Paint = NO_PAINT): string[] {
  const label = f.severity === 'error' ? paint.rebuilt('error') : f.severity === 'warning' ? paint.rebuilt('warning') : paint.metadata('info');
  const [first, ...rest] = f.fix.split('\n');
  return [
    `  ${label} ${f.ruleId} ${f.dockerfile}:${f.line}: ${f.message}`,
    `    fix: ${first ?? ''}`,
    ...rest.map((l) => `         ${l}`),
  ];
}

function summary(report: CheckReport, findings: readonly Finding[]): string {
  const busts = findings.filter((f) => f.bust).length;
  const errors = findings.filter((f) => f.severity === 'error').length;
  const checked = report.reports.length;
  if (report.shared && !findings.length) {
    const rebuilt = report.reports.reduce((n, r) => n + r.rebuilt.length, 0);
    return `layerplan: ${rebuilt ? `${rebuilt} step${rebuilt === 1 ? '' : 's'}` : 'nothing'} to rebuild against "${report.shared.name}" (${checked} Dockerfile${checked === 1 ? '' : 's'} checked)`;
  }
  if (!findings.length) return `layerplan: no cache problems (${checked} Dockerfile${checked === 1 ? '' : 's'} checked)`;
  return `layerplan: ${findings.length} finding${findings.length > 1 ? 's' : ''} (${busts} cache bust${busts === 1 ? '' : 's'}, ${errors} error${errors === 1 ? '' : 's'}) in ${checked} Dockerfile${checked === 1 ? '' : 's'}`;
}
