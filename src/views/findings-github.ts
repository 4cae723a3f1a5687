/** GitHub Actions workflow commands: one `::warning file=...,line=...::` annotation per finding. */
import type { Finding } from '../rules/index.js';

export function renderFindingsGithub(findings: readonly Finding[]): string {
  return findings.map((f) => {
    const level = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
    const props = `file=${escapeProperty(f.dockerfile)},line=${f.line},title=${escapeProperty(`${f.ruleId} ${f.bust ? 'cache bust' : 'layerplan'}`)}`;
    return `::${level} ${props}::${escapeData(`${f.message}\nfix: ${f.fix}`)}\n`;
  }).join('');
}

/** As @actions/core escapes them. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
