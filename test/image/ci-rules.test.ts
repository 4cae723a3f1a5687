import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DIVE_DEFAULTS, evaluateCi, parseByteSize, parseThreshold, thresholdsFromConfig } from '../../src/image/ci-rules.js';
import { stackLayers } from '../../src/image/layer-changes.js';
import type { LayerEntry } from '../../src/image/types.js';

/**
 * dive's CI rules over an image, as dive's source has them (wagoodman/dive, read at d6c6919): the figures
 * (dive/filetree/efficiency.go, dive/image/analysis.go), the comparisons and "disabled" words
 * (cmd/dive/cli/internal/command/ci/rules.go), the defaults (options/ci_rules.go), the .dive-ci reading
 * (options/ci.go) and sizes as go-humanize's ParseBytes reads them.
 */
const t = suite('image/ci-rules');

const file = (path: string, size: number): LayerEntry => ({ path, type: 'file', size });
const dir = (path: string): LayerEntry => ({ path, type: 'directory', size: 0 });
/** Layers as tar entry lists, stacked by the report's own overlay model. */
const image = (...layers: LayerEntry[][]): ReturnType<typeof stackLayers> => stackLayers(layers);

t("dive's defaults: efficiency at least 0.9, user waste at most 10%, wasted bytes disabled", () => {
  assert.equal(DIVE_DEFAULTS, { lowestEfficiency: 0.9, highestWastedBytes: null, highestUserWastedPercent: 0.1 });
  const ok = evaluateCi(image([file('bin/sh', 1000)], [file('app/a', 100)]), DIVE_DEFAULTS);
  assert.ok(ok.pass);
  assert.equal(ok.rules.map((r) => r.status), ['pass', 'skip', 'pass']);
});

t('a file written in two layers wastes both copies, the visible one too; efficiency is the smallest copy over all of them', () => {
  const r = evaluateCi(image([file('bin/sh', 1000)], [file('app/big', 100)], [file('app/big', 300)]), DIVE_DEFAULTS);
  // The report's own model counts 100 hidden bytes; dive counts 100 + 300.
  assert.is(r.figures.wastedBytes, 400);
  assert.is(r.figures.efficiency, (1000 + 100) / (1000 + 400));
  assert.is(r.figures.userSizeBytes, 400);
  assert.is(r.figures.userWastedPercent, 1);
});

t('a deleted file wastes its bytes (the deletion is a copy of size 0); a deleted folder is no waste at all', () => {
  const deletedFile = evaluateCi(image([file('bin/sh', 1000)], [file('tmp/x', 50)], [file('tmp/.wh.x', 0)]), DIVE_DEFAULTS);
  assert.is(deletedFile.figures.wastedBytes, 50);
  assert.is(deletedFile.figures.efficiency, 1000 / 1050);
  // dive sizes a folder's whiteout by what it hid; the folder itself was never a leaf before, so it has one copy.
  const deletedDir = evaluateCi(image([file('bin/sh', 1000)], [dir('tmp/d'), file('tmp/d/a', 30), file('tmp/d/b', 20)], [file('tmp/.wh.d', 0)]), DIVE_DEFAULTS);
  assert.is(deletedDir.figures.wastedBytes, 0);
  assert.is(deletedDir.figures.efficiency, 1);
});

t('folders restated by a later layer and opaque-folder markers are not copies (dive counts leaves only and drops .wh..wh..opq)', () => {
  const r = evaluateCi(image([file('bin/sh', 1000), dir('app'), file('app/a', 10)], [dir('app'), file('app/b', 10)], [file('app/.wh..wh..opq', 0), file('app/c', 5)]), DIVE_DEFAULTS);
  assert.is(r.figures.wastedBytes, 0);
  assert.is(r.figures.efficiency, 1);
});

t('a value equal to its threshold passes: dive compares strictly (its README says "met or crossed"; its code runs)', () => {
  // 20 of 100 user bytes wasted (two copies of 10), efficiency 90/100 exactly.
  const report = image([file('base', 80)], [file('x', 10)], [file('x', 10)]);
  const at = evaluateCi(report, { lowestEfficiency: 0.9, highestWastedBytes: 20, highestUserWastedPercent: 1 });
  assert.equal(at.rules.map((x) => [x.rule, x.status]), [['lowestEfficiency', 'pass'], ['highestWastedBytes', 'pass'], ['highestUserWastedPercent', 'pass']]);
  const past = evaluateCi(report, { lowestEfficiency: 0.91, highestWastedBytes: 19, highestUserWastedPercent: 0.99 });
  assert.equal(past.rules.map((x) => x.status), ['fail', 'fail', 'fail']);
  assert.not.ok(past.pass);
});

t('user waste counts only what the layers above the base add: a 98%-efficient image can fail it', () => {
  const r = evaluateCi(image([file('base', 1000)], [file('x', 10)], [file('x', 10)]), DIVE_DEFAULTS);
  assert.equal(r.rules.map((x) => [x.rule, x.status]), [['lowestEfficiency', 'pass'], ['highestWastedBytes', 'skip'], ['highestUserWastedPercent', 'fail']]);
});

t('no user bytes: nothing wasted passes (dive: 0/0 fails nothing), waste from deletions alone fails (dive: n/0 = +Inf)', () => {
  const baseOnly = evaluateCi(image([file('base', 1000)]), DIVE_DEFAULTS);
  assert.equal(baseOnly.rules[2], { rule: 'highestUserWastedPercent', status: 'pass', value: 0, threshold: 0.1 });
  const onlyDeletes = evaluateCi(image([file('base', 1000), file('junk', 10)], [file('.wh.junk', 0)]), DIVE_DEFAULTS);
  assert.is(onlyDeletes.figures.userSizeBytes, 0);
  assert.is(onlyDeletes.rules[2]?.status, 'fail');
  assert.is(onlyDeletes.figures.userWastedPercent, Number.POSITIVE_INFINITY);
});

t('"disabled", "off", "false" and an empty value turn a rule off, in any case, as dive reads them', () => {
  for (const raw of ['disabled', 'OFF', ' false ', '', false]) assert.equal(parseThreshold('lowestEfficiency', raw), { ok: true, value: null }, String(raw));
  assert.equal(parseThreshold('highestWastedBytes', 'Disabled'), { ok: true, value: null });
  assert.not.ok(parseThreshold('lowestEfficiency', 'true').ok);
  assert.not.ok(parseThreshold('lowestEfficiency', '95').ok, 'a ratio, not a percentage');
  assert.not.ok(parseThreshold('highestUserWastedPercent', '0x1').ok, 'no hex: Go reads decimals');
  assert.equal(parseThreshold('highestUserWastedPercent', '.2'), { ok: true, value: 0.2 });
});

t("sizes as go-humanize's ParseBytes reads them: SI and IEC units with or without B, any case, fractions of a byte dropped", () => {
  assert.is(parseByteSize('20MB'), 20_000_000);
  assert.is(parseByteSize('20Mb'), 20_000_000, "dive's sample .dive-ci spelling");
  assert.is(parseByteSize('1KiB'), 1024);
  assert.is(parseByteSize('1ki'), 1024);
  assert.is(parseByteSize('2g'), 2_000_000_000);
  assert.is(parseByteSize('1.5 GB'), 1_500_000_000);
  assert.is(parseByteSize('1PB'), 1e15);
  assert.is(parseByteSize('1000'), 1000);
  assert.is(parseByteSize('1.9'), 1);
  assert.is(parseByteSize('twenty'), null);
  assert.is(parseByteSize('-5'), null);
  assert.is(parseByteSize('5 bytes'), null);
});

t(".dive-ci as dive reads it: dive's own sample (with a plugin rule) gives its three values and ignores the rest", () => {
  const sample = { plugins: ['plugin1'], rules: { lowestEfficiency: 0.95, highestWastedBytes: '20Mb', highestUserWastedPercent: 0.5, 'plugin1/rule1': 'error' } };
  const read = thresholdsFromConfig(sample);
  assert.ok(read.ok);
  if (!read.ok) return;
  assert.equal(read.thresholds, { lowestEfficiency: 0.95, highestWastedBytes: 20_000_000, highestUserWastedPercent: 0.5 });
  assert.equal(read.ignored, ['rules.plugin1/rule1: not one of lowestEfficiency, highestWastedBytes, highestUserWastedPercent; ignored']);
});

t('.dive-ci: snake-case names are ignored (dive reads only camelCase there), an empty key keeps its default, a bad value names its key', () => {
  const kebab = thresholdsFromConfig({ rules: { 'lowest-efficiency': 0.99, highestUserWastedPercent: null } });
  assert.equal(kebab, { ok: true, thresholds: DIVE_DEFAULTS, ignored: ['rules.lowest-efficiency: dive reads lowestEfficiency in .dive-ci, not lowest-efficiency; ignored'] });
  assert.equal(thresholdsFromConfig({ rules: { highestUserWastedPercent: 2 } }), { ok: false, key: 'rules.highestUserWastedPercent', why: 'a ratio between 0 and 1 (0.9 = 90%), or "disabled"' });
  assert.equal(thresholdsFromConfig({ rules: ['lowestEfficiency'] }).ok, false);
  assert.equal(thresholdsFromConfig(null), { ok: true, thresholds: DIVE_DEFAULTS, ignored: [] });
});

t.run();
