/** The remembered checks of recorded selections: keyed by everything a check depends on, kept across runs, capped. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CAP, checkKey, readChecked, writeChecked, type SelectionCheck } from '../../src/git/records-checked.js';

const t = suite('git/records-checked');

const CHECK: SelectionCheck = { commit: 'a'.repeat(40), context: '', dockerfile: 'Dockerfile', builder: 'buildkit', source: '.', wildcards: true, digest: '0123456789abcdef' };
const ROOT = [{ path: '', resolved: '', type: 'dir' as const }];

t('each field of a check makes another key', () => {
  const other: Partial<SelectionCheck>[] = [{ commit: 'b'.repeat(40) }, { context: 'svc' }, { dockerfile: 'svc/Dockerfile' }, { builder: 'buildah' }, { source: 'src' }, { wildcards: false }, { digest: 'fedcba9876543210' }];
  const keys = new Set([checkKey(CHECK), ...other.map((o) => checkKey({ ...CHECK, ...o }))]);
  assert.is(keys.size, other.length + 1);
  assert.is(checkKey({ ...CHECK }), checkKey(CHECK), 'the same check, the same key');
});

t('checks written are read back with their matches; a torn or foreign line is skipped', () => {
  const gitDir = mkdtempSync(path.join(tmpdir(), 'lp-checked-'));
  assert.equal(readChecked(gitDir), new Map(), 'none yet');
  const key = checkKey(CHECK);
  const link = checkKey({ ...CHECK, source: 'link/' });
  writeChecked(gitDir, new Map(), new Map([[key, ROOT], [link, [{ path: 'link', resolved: 'src', type: 'dir' }]]]));
  const file = path.join(gitDir, 'layerplan', 'checked-selections');
  appendFileSync(file, `${'f'.repeat(32)} [{"path":`);
  appendFileSync(file, `\nnot a check\n${'e'.repeat(32)} [{"path":1}]\n`);
  const read = readChecked(gitDir);
  assert.equal([...read], [[key, ROOT], [link, [{ path: 'link', resolved: 'src', type: 'dir' }]]]);
  const before = readFileSync(file, 'utf8');
  writeChecked(gitDir, read, new Map([[key, ROOT]]));
  assert.is(readFileSync(file, 'utf8'), before, 'a check already kept is not written again');
});

t('past CAP checks the file is rewritten with the newest', () => {
  const gitDir = mkdtempSync(path.join(tmpdir(), 'lp-checked-'));
  const keys = Array.from({ length: CAP + 1 }, (_, i) => checkKey({ ...CHECK, digest: i.toString(16).padStart(16, '0') }));
  writeChecked(gitDir, new Map(), new Map(keys.slice(0, CAP).map((k) => [k, ROOT])));
  assert.is(readChecked(gitDir).size, CAP);
  writeChecked(gitDir, readChecked(gitDir), new Map([[keys[CAP] as string, ROOT]]));
  const kept = [...readChecked(gitDir).keys()];
  assert.is(kept.length, CAP / 2 + 1);
  assert.equal(kept.slice(-2), keys.slice(-2), 'the newest kept, the new one last');
});

t.run();
