import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DIVE_DEFAULTS, evaluateCi, parseByteSize, parseThreshold, thresholdsFromConfig } from '../../src/image/ci-rules.js';
import type { ImageReport } from '../../src/image/report.js';

/** dive's CI rules over a report: meanings, defaults, the .dive-ci shape and sizes as dive reads them. */
const t = suite('image/ci-rules');

/** A report with a base layer of `base` file bytes and user layers; `wasted` of all of them hidden. */
function report(base: number, user: readonly number[], wasted: number): ImageReport {
  const layers = [base, ...user].map((fileBytes, index) => ({ index, fileBytes }));
  const fileBytes = base + user.reduce((a, b) => a + b, 0);
  return { summary: { efficiency: (fileBytes - wasted) / fileBytes, wastedBytes: wasted, fileBytes }, layers } as unknown as ImageReport;
}

t("dive's defaults: efficiency at least 0.9, user waste below 10%, wasted bytes disabled", () => {
  assert.equal(DIVE_DEFAULTS, { lowestEfficiency: 0.9, highestWastedBytes: null, highestUserWastedPercent: 0.1 });
  const ok = evaluateCi(report(1000, [100], 5), DIVE_DEFAULTS);
  assert.ok(ok.pass);
  assert.equal(ok.rules.map((r) => r.status), ['pass', 'skip', 'pass']);
});

t('user waste counts only what the layers above the base add: 20 of 100 fails though the image is 98% efficient', () => {
  const r = evaluateCi(report(1000, [100], 20), DIVE_DEFAULTS);
  assert.not.ok(r.pass);
  assert.equal(r.rules.map((x) => [x.rule, x.status]), [['lowestEfficiency', 'pass'], ['highestWastedBytes', 'skip'], ['highestUserWastedPercent', 'fail']]);
});

t('thresholds are met or crossed: efficiency exactly at the limit passes, waste exactly at it fails', () => {
  const r = evaluateCi(report(0, [100], 10), { lowestEfficiency: 0.9, highestWastedBytes: 10, highestUserWastedPercent: null });
  assert.equal(r.rules.map((x) => x.status), ['pass', 'fail', 'skip']);
});

t('a base-only image has no user layers: the user rule is skipped, not divided by zero', () => {
  const r = evaluateCi(report(1000, [], 0), DIVE_DEFAULTS);
  assert.equal(r.rules[2], { rule: 'highestUserWastedPercent', status: 'skip', why: 'no-user-layers' });
});

t('sizes as dive reads them: decimal and binary units, plain bytes', () => {
  assert.is(parseByteSize('20MB'), 20_000_000);
  assert.is(parseByteSize('1KiB'), 1024);
  assert.is(parseByteSize('1.5 GB'), 1_500_000_000);
  assert.is(parseByteSize('1000'), 1000);
  assert.is(parseByteSize('twenty'), null);
  assert.equal(parseThreshold('highestWastedBytes', 'disabled'), { ok: true, value: null });
  assert.not.ok(parseThreshold('lowestEfficiency', '95').ok, 'a ratio, not a percentage');
});

t('.dive-ci: rules over the defaults; an unknown rule or a bad value names its key', () => {
  const read = thresholdsFromConfig({ rules: { lowestEfficiency: 0.95, highestWastedBytes: '20MB' } });
  assert.equal(read, { ok: true, thresholds: { lowestEfficiency: 0.95, highestWastedBytes: 20_000_000, highestUserWastedPercent: 0.1 } });
  assert.equal(thresholdsFromConfig({ rules: { lowestEfficency: 0.9 } }), { ok: false, key: 'rules.lowestEfficency', why: 'one of lowestEfficiency, highestWastedBytes, highestUserWastedPercent' });
  assert.equal(thresholdsFromConfig({ rules: { highestUserWastedPercent: 2 } }).ok, false);
  assert.equal(thresholdsFromConfig(null), { ok: true, thresholds: DIVE_DEFAULTS });
});

t.run();
