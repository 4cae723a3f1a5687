import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { stepNote, type PlannedStep } from '../../src/plan/index.js';
import { sequence } from '../_helpers/plan.js';

const noteOf = (ps: PlannedStep | undefined) => (ps ? stepNote(ps) : null);

const t = suite('plan/make-plan');

const GOOD = 'FROM busybox\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nCMD ["node"]\n';
const BAD = 'FROM busybox\nWORKDIR /app\nCOPY . .\nRUN npm ci\n';
const files = { 'package.json': '{"a":1}', 'src/index.js': 'x', 'README.md': '# r' };

t('first build rebuilds everything with reason first-build; the second hits everything', () => {
  const { plans, statuses } = sequence([{ dockerfile: GOOD, files }, { dockerfile: GOOD, files }]);
  assert.equal(statuses[0], { 1: 'rebuilt', 2: 'rebuilt', 3: 'rebuilt', 4: 'rebuilt', 5: 'rebuilt', 6: 'rebuilt', 7: 'metadata' });
  assert.ok(plans[0]?.steps.filter((s) => s.status === 'rebuilt').every((s) => s.reason?.kind === 'first-build'));
  assert.equal(statuses[1], { 1: 'cached', 2: 'cached', 3: 'cached', 4: 'cached', 5: 'cached', 6: 'cached', 7: 'metadata' });
});

t('a README edit busts only from COPY . . on, naming the file, then cascades', () => {
  const { plans, statuses } = sequence([{ dockerfile: GOOD, files }, { dockerfile: GOOD, files: { ...files, 'README.md': '# v2' } }]);
  assert.equal(statuses[1], { 1: 'cached', 2: 'cached', 3: 'cached', 4: 'cached', 5: 'rebuilt', 6: 'rebuilt', 7: 'metadata' });
  const copy = plans[1]?.steps.find((s) => s.step.instruction.line === 5);
  assert.equal(copy && stepNote(copy), { kind: 'files-changed', added: [], removed: [], modified: ['README.md'] });
  const run = plans[1]?.steps.find((s) => s.step.instruction.line === 6);
  assert.is(run && stepNote(run)?.kind, 'parent-rebuilt');
  assert.equal(plans[1]?.summary.origins.map((o) => o.line), [5]);
});

t('with COPY . . first, the README edit busts the install', () => {
  const { statuses } = sequence([{ dockerfile: BAD, files }, { dockerfile: BAD, files: { ...files, 'README.md': '# v2' } }]);
  assert.equal(statuses[1], { 1: 'cached', 2: 'cached', 3: 'rebuilt', 4: 'rebuilt' });
});

t('edit then revert: the revert hits the first run', () => {
  const edited = { ...files, 'package.json': '{"a":2}' };
  const { statuses } = sequence([{ dockerfile: GOOD, files }, { dockerfile: GOOD, files: edited }, { dockerfile: GOOD, files }]);
  assert.is(statuses[1]?.[3], 'rebuilt');
  assert.ok(Object.values(statuses[2] ?? {}).every((s) => s !== 'rebuilt'));
});

t('a changed RUN says instruction-changed with the old text', () => {
  const changed = GOOD.replace('RUN npm ci', 'RUN npm ci --omit=dev');
  const { plans } = sequence([{ dockerfile: GOOD, files }, { dockerfile: changed, files }]);
  assert.equal(noteOf(plans[1]?.steps.find((s) => s.step.instruction.line === 4)), { kind: 'instruction-changed', before: 'RUN npm ci', after: 'RUN npm ci --omit=dev' });
});

const ARGS = 'FROM busybox\nWORKDIR /app\nCOPY package.json ./\nARG VERSION=1\nCOPY src ./src\nRUN cat package.json\nRUN echo built\n';

t('a build arg busts from the first RUN after its ARG (BuildKit), naming old and new values', () => {
  const { plans, statuses } = sequence([{ dockerfile: ARGS, files }, { dockerfile: ARGS, files, s: { buildArgs: { VERSION: '2' } } }]);
  assert.equal(statuses[1], { 1: 'cached', 2: 'cached', 3: 'cached', 4: 'metadata', 5: 'cached', 6: 'rebuilt', 7: 'rebuilt' });
  assert.equal(noteOf(plans[1]?.steps.find((s) => s.step.instruction.line === 6)), { kind: 'env-changed', changes: [{ name: 'VERSION', before: '1', after: '2' }] });
});

t('buildah: ARG is a step that hits (names only), the RUN misses', () => {
  const s = { builder: 'buildah' as const };
  const { statuses } = sequence([{ dockerfile: ARGS, files, s }, { dockerfile: ARGS, files, s: { ...s, buildArgs: { VERSION: '2' } } }]);
  assert.equal(statuses[1], { 1: 'cached', 2: 'cached', 3: 'cached', 4: 'cached', 5: 'cached', 6: 'rebuilt', 7: 'rebuilt' });
});

const LABEL = (v: string): string => `FROM busybox\nLABEL version=${v}\nWORKDIR /app\nRUN echo\n`;

t('a LABEL change keeps later steps under BuildKit and rebuilds them under buildah', () => {
  assert.equal(sequence([{ dockerfile: LABEL('1'), files }, { dockerfile: LABEL('2'), files }]).statuses[1], { 1: 'cached', 2: 'metadata', 3: 'cached', 4: 'cached' });
  const s = { builder: 'buildah' as const };
  assert.equal(sequence([{ dockerfile: LABEL('1'), files, s }, { dockerfile: LABEL('2'), files, s }]).statuses[1], { 1: 'cached', 2: 'rebuilt', 3: 'rebuilt', 4: 'rebuilt' });
});

const MULTI = 'FROM busybox AS build\nCOPY package.json ./\nRUN make\nFROM busybox AS test\nRUN test\nFROM busybox\nCOPY --from=build /out /out\nRUN ls\n';

t('--target plans only what the target needs; the rest is skipped', () => {
  const { statuses } = sequence([{ dockerfile: MULTI, files, s: { target: 'build' } }]);
  assert.equal(statuses[0], { 1: 'rebuilt', 2: 'rebuilt', 3: 'rebuilt', 4: 'skipped', 5: 'skipped', 6: 'skipped', 7: 'skipped', 8: 'skipped' });
});

t('COPY --from a rebuilt stage is a rebuild that is not certain', () => {
  const { plans } = sequence([{ dockerfile: MULTI, files }, { dockerfile: MULTI, files: { ...files, 'package.json': '{}' } }]);
  const copy = plans[1]?.steps.find((s) => s.step.instruction.line === 7);
  assert.is(copy?.status, 'rebuilt');
  assert.is(copy?.certain, false);
  assert.equal(copy && stepNote(copy), { kind: 'stage-output', stage: 'build' });
  assert.is(plans[1]?.steps.find((s) => s.step.instruction.line === 5)?.status, 'skipped');
});

t('ADD of a URL: a recorded key is a hit that is not certain; --checksum pins it', () => {
  const url = 'FROM busybox\nADD https://example.com/t.tgz /opt/\n';
  const { plans } = sequence([{ dockerfile: url, files }, { dockerfile: url, files }]);
  const add = plans[1]?.steps.find((s) => s.step.instruction.line === 2);
  assert.equal([add?.status, add?.certain, add?.status === 'cached' ? add.uncertain : null], ['cached', false, { kind: 'remote-source', location: 'https://example.com/t.tgz' }]);
  const pinned = 'FROM busybox\nADD --checksum=sha256:abc https://example.com/t.tgz /opt/\n';
  const p2 = sequence([{ dockerfile: pinned, files }, { dockerfile: pinned, files }]).plans[1]?.steps.find((s) => s.step.instruction.line === 2);
  assert.equal([p2?.status, p2?.certain], ['cached', true]);
});

t.run();
