/**
 * dive's own figures for dive's own test image (npm run test:conformance only): `.data/test-docker-image.tar`
 * of wagoodman/dive, whose Test_Analysis (dive/image/docker/image_archive_analysis_test.go) expects
 * efficiency 0.9844212134184309, 1,220,598 bytes, 66,237 user bytes, 32,025 wasted, 0.4834911001404049 user
 * wasted. The image is dive's, so it is not committed: LAYERPLAN_DIVE_TEST_IMAGE names a copy of it
 * (`git -C <dive clone> show HEAD:.data/test-docker-image.tar > x.tar`); without it the test is skipped.
 */
import { existsSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { layerplan } from '../_helpers/cli.js';
import { unless } from '../_helpers/skip.js';

const s = suite('conformance/dive-figures');
const image = process.env.LAYERPLAN_DIVE_TEST_IMAGE ?? '';
const missing = image === '' ? "LAYERPLAN_DIVE_TEST_IMAGE is not set (a copy of dive's .data/test-docker-image.tar)" : !existsSync(image) ? `${image} does not exist` : null;

unless(s, 'conformance/dive-figures', missing)("inspect --ci computes dive's Test_Analysis figures for dive's test image, to the last bit", () => {
  const r = layerplan(['inspect', image, '--ci', '--json']);
  assert.is(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout) as { summary: { fileBytes: number }; ci: { figures: Record<string, number>; rules: { status: string }[] } };
  assert.is(out.summary.fileBytes, 1_220_598);
  assert.equal(out.ci.figures, { efficiency: 0.9844212134184309, wastedBytes: 32_025, userSizeBytes: 66_237, userWastedPercent: 0.4834911001404049 });
  // dive's CI snapshot for this image with the defaults: lowestEfficiency passes, highestUserWastedPercent fails.
  assert.equal(out.ci.rules.map((x) => x.status), ['pass', 'skip', 'fail']);
});

s.run();
