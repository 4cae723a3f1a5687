/** Checkstyle XML (as hadolint writes it), for Jenkins' warnings plugin, reviewdog and other CI readers. */
import type { Finding } from '../rules/index.js';

export function renderFindingsCheckstyle(findings: readonly Finding[]): string {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.dockerfile, [...(byFile.get(f.dockerfile) ?? []), f]);
  const files = [...byFile].map(([file, list]) => `  <file name="${xml(file)}">\n${list.map(errorElement).join('')}  </file>\n`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n${files.join('')}</checkstyle>\n`;
}

function errorElement(f: Finding): string {
  return `    <error line="${f.line}" column="1" severity="${f.severity}" message="${xml(`${f.message} (fix: ${f.fix})`)}" source="${f.ruleId}"/>\n`;
}

/** XML attribute text; a newline becomes a character reference so that readers keep it. */
function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
