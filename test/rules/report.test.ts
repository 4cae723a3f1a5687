import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Finding } from '../../src/rules/index.js';
import { withoutRepeatedFindings, type DockerfileReport } from '../../src/rules/report.js';

/** One finding once, however many definitions build its Dockerfile (excalidraw: a compose service and a workflow step). */
const t = suite('rules/report');
const finding = (line: number, message = 'COPY . . comes before the yarn install'): Finding => ({ ruleId: 'LP101', severity: 'warning', message, fix: 'copy the manifests first', dockerfile: 'Dockerfile', line, bust: false, files: [] });
const report = (definition: string, findings: Finding[]): DockerfileReport => ({ dockerfile: 'Dockerfile', context: '', definition, state: 'unchanged', rebuilt: [], findings });

t('a finding repeated word for word in a later report of the same Dockerfile is dropped there; others stay', () => {
  const out = withoutRepeatedFindings([report('service "excalidraw"', [finding(5)]), report('job "publish"', [finding(5), finding(9), finding(5, 'another claim')])]);
  assert.equal(out.map((r) => r.findings.map((f) => [f.line, f.message])), [[[5, 'COPY . . comes before the yarn install']], [[9, 'COPY . . comes before the yarn install'], [5, 'another claim']]]);
});

t('another Dockerfile with the same finding keeps its own', () => {
  const other: DockerfileReport = { ...report('x', [{ ...finding(5), dockerfile: 'web/Dockerfile' }]), dockerfile: 'web/Dockerfile' };
  assert.is(withoutRepeatedFindings([report('a', [finding(5)]), other])[1]?.findings.length, 1);
});

t.run();
