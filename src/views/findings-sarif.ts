/** SARIF 2.1.0 for code scanning: every rule as a reportingDescriptor, every finding as a result. */
import type { Finding, Rule } from '../rules/index.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const REPO = 'https://github.com/layerplan/layerplan';
/** Each rule's page, docs/rules/LPxxx.md (the rules registry test requires one per rule). */
export const ruleHelpUri = (id: string): string => `${REPO}/blob/main/docs/rules/${id}.md`;

export function toSarif(findings: readonly Finding[], rules: readonly Rule[], version: string): object {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'layerplan',
          version,
          informationUri: REPO,
          rules: [...rules.map((r) => ({
            id: r.id,
            name: r.name,
            shortDescription: { text: r.summary },
            helpUri: ruleHelpUri(r.id),
            defaultConfiguration: { level: level(r.severity) },
          })), { id: 'LP001', name: 'unplannable', shortDescription: { text: 'The Dockerfile cannot be planned, so it would not build' }, helpUri: ruleHelpUri('LP001'), defaultConfiguration: { level: 'error' } }],
        },
      },
      results: findings.map((f) => ({
        ruleId: f.ruleId,
        ruleIndex: f.ruleId === 'LP001' ? rules.length : index.get(f.ruleId) ?? 0,
        level: level(f.severity),
        message: { text: `${f.message}\nFix: ${f.fix}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: f.dockerfile, uriBaseId: '%SRCROOT%' }, region: { startLine: f.line } } }],
        properties: { bust: f.bust, files: f.files },
      })),
    }],
  };
}

function level(s: Finding['severity']): 'error' | 'warning' | 'note' {
  return s === 'info' ? 'note' : s;
}
