import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { progressParts } from '../../../src/views/tui/progress-text.js';

const t = suite('views/tui/progress-text');

t('files, bytes, rate and a bar that fills with the bytes done', () => {
  const p = progressParts({ files: 1234, bytes: 250_000_000, totalFiles: 20_000, totalBytes: 500_000_000 }, 2000, 80);
  assert.is(p.counts, 'hashing  1,234/20,000 files  250.0 MB/500.0 MB  125.0 MB/s');
  assert.is(p.percent, ' 50%');
  assert.is(p.bar, '███████░░░░░░░');
  assert.is(`${p.counts}  ${p.bar} ${p.percent}`.length, 79);
});

t('a wide terminal gets a longer bar (up to 40); no time yet: no rate; an empty context is 0%', () => {
  assert.is(progressParts({ files: 1, bytes: 10, totalFiles: 2, totalBytes: 20 }, 0, 200).bar.length, 40);
  assert.not.match(progressParts({ files: 1, bytes: 10, totalFiles: 2, totalBytes: 20 }, 0, 80).counts, /\/s/);
  assert.is(progressParts({ files: 0, bytes: 0, totalFiles: 0, totalBytes: 0 }, 5, 80).percent, '  0%');
  const early = progressParts({ files: 500, bytes: 1_000_000, totalFiles: 2000, totalBytes: 0 }, 0, 80);
  assert.is(early.percent, ' 25%', 'by files while the total bytes are not known');
  assert.not.match(early.counts, /\/0 B/);
});

t.run();
