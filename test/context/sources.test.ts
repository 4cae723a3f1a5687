import { suite } from 'uvu';
import { digestFiles, digestText, listDigestText } from '../../src/key/describe.js';
import * as assert from 'uvu/assert';
import {
  fingerprintList,
  fingerprintMatches,
  fingerprintRecord,
  fingerprintSelection,
  resolveSources,
  selectFiles,
} from '../../src/context/sources.js';
import type { ContextEntry, ContextSnapshot } from '../../src/context/types.js';

type Spec = Record<string, string | { dir: true; mode?: number } | { link: string } | { file: string; mode: number }>;

/** A snapshot from a compact spec: 'path': 'content-digest' | {dir} | {link}. */
function snapshot(spec: Spec): ContextSnapshot {
  const entries = new Map<string, ContextEntry>();
  for (const [path, v] of Object.entries(spec)) {
    if (typeof v === 'string') entries.set(path, { path, type: 'file', mode: 0o644, size: v.length, digest: v });
    else if ('dir' in v) entries.set(path, { path, type: 'dir', mode: v.mode ?? 0o755, size: 0, digest: '' });
    else if ('link' in v) entries.set(path, { path, type: 'symlink', mode: 0o777, size: 0, digest: '', linkTarget: v.link });
    else entries.set(path, { path, type: 'file', mode: v.mode, size: v.file.length, digest: v.file });
  }
  return { root: '/ctx', entries, ignoreFile: null };
}

const base: Spec = {
  'package.json': 'p1',
  src: { dir: true },
  'src/index.js': 'i1',
  'src/lib': { dir: true },
  'src/lib/a.js': 'a1',
  'a.json': 'j1',
  'b.json': 'j2',
  etc: { dir: true },
  'etc/passwd': 'pw',
  'abs-link': { link: '/etc/passwd' },
  'rel-link': { link: 'src/../package.json' },
  'escape-link': { link: '../../../etc/passwd' },
  'dir-link': { link: 'src' },
  'loop-a': { link: 'loop-b' },
  'loop-b': { link: 'loop-a' },
  'dangling': { link: 'nope' },
  'src/inner-link': { link: '../package.json' },
  'star*file': 'lit',
};

const paths = (ctx: ContextSnapshot, source: string, allowWildcards = true): string[] | string => {
  const r = resolveSources(ctx, source, { allowWildcards });
  return r.kind === 'ok' ? r.matches.map((m) => `${m.path}->${m.resolved}:${m.type}`) : `not-found:${r.path}`;
};

const resolve = suite('context/sources resolve');

resolve('cleaning: ./src, src/, /src, ../src all mean src; . is the context', () => {
  const ctx = snapshot(base);
  for (const s of ['./src', 'src/', '/src', '../src', 'src/lib/..', '../../src']) assert.equal(paths(ctx, s), ['src->src:dir'], s);
  assert.equal(paths(ctx, '.'), ['->:dir']);
  assert.equal(paths(ctx, '/'), ['->:dir']);
});

resolve('literal missing → not-found; ignored files are missing', () => {
  const ctx = snapshot(base);
  assert.equal(paths(ctx, 'nope.txt'), 'not-found:nope.txt');
  assert.equal(paths(ctx, 'package.json/x'), 'not-found:package.json/x');
});

resolve('wildcards: Go Match per segment, no match is ok-and-empty, missing parent is not-found', () => {
  const ctx = snapshot(base);
  assert.equal(paths(ctx, '*.json'), ['a.json->a.json:file', 'b.json->b.json:file', 'package.json->package.json:file']);
  assert.equal(paths(ctx, 'src/*.js'), ['src/index.js->src/index.js:file']);
  assert.equal(paths(ctx, '*/*.js'), ['src/index.js->src/index.js:file']);
  assert.equal(paths(ctx, '[ab].json'), ['a.json->a.json:file', 'b.json->b.json:file']);
  assert.equal(paths(ctx, '*.yaml'), []);
  assert.equal(paths(ctx, 'missing/*.js'), 'not-found:missing');
  assert.equal(paths(ctx, 'star\\*file'), ['star*file->star*file:file'], 'escaped star is literal');
  assert.equal(paths(ctx, '**/a.js'), [], '** is just * without --parents: one segment');
  assert.equal(paths(ctx, 'src/**/a.js'), ['src/lib/a.js->src/lib/a.js:file']);
});

resolve('without wildcards the pattern is a literal name', () => {
  const ctx = snapshot(base);
  assert.equal(paths(ctx, 'star*file', false), ['star*file->star*file:file']);
  assert.equal(paths(ctx, '*.json', false), 'not-found:*.json');
});

resolve('top-level symlinks are followed inside the context, chroot-style', () => {
  const ctx = snapshot(base);
  assert.equal(paths(ctx, 'abs-link'), ['abs-link->etc/passwd:file']);
  assert.equal(paths(ctx, 'rel-link'), ['rel-link->package.json:file']);
  assert.equal(paths(ctx, 'escape-link'), ['escape-link->etc/passwd:file']);
  assert.equal(paths(ctx, 'dir-link'), ['dir-link->src:dir']);
  assert.equal(paths(ctx, 'dir-link/index.js'), ['dir-link/index.js->src/index.js:file']);
  assert.equal(paths(ctx, 'loop-a'), 'not-found:loop-a');
  assert.equal(paths(ctx, 'dangling'), 'not-found:dangling');
});

resolve.run();

const select = suite('context/sources select+digest');

const hash = (s: string): string => {
  // A tiny stable string hash (FNV-1a) so the core is tested without wasm.
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16);
};

const digestOf = (spec: Spec, source: string): string => {
  const ctx = snapshot(spec);
  const r = resolveSources(ctx, source, { allowWildcards: true });
  if (r.kind !== 'ok') throw new Error('not found');
  // The digest the planner keys on: per-file fingerprints, hashed in path order.
  return digestFiles(fingerprintSelection(selectFiles(ctx, r.matches)), hash);
};

select('a directory brings itself and every descendant; links inside stay links', () => {
  const ctx = snapshot(base);
  const r = resolveSources(ctx, 'src', { allowWildcards: true });
  assert.ok(r.kind === 'ok');
  if (r.kind !== 'ok') return;
  const sel = selectFiles(ctx, r.matches);
  assert.equal(
    sel.map((s) => `${s.rel}:${s.entry.type}`),
    [':dir', 'index.js:file', 'lib:dir', 'lib/a.js:file', 'inner-link:symlink'],
  );
  assert.equal(fingerprintSelection(sel), {
    src: 'd:755',
    'src/index.js': 'f:644:i1',
    'src/lib': 'd:755',
    'src/lib/a.js': 'f:644:a1',
    'src/inner-link': 'l:777:../package.json',
  });
});

select('fingerprintMatches is fingerprintSelection of the selection in one pass; without dir modes a folder is just d', () => {
  const ctx = snapshot(base);
  for (const source of ['src', '.', '*.json', 'src/index.js']) {
    const r = resolveSources(ctx, source, { allowWildcards: true });
    assert.ok(r.kind === 'ok');
    if (r.kind !== 'ok') return;
    const listed = fingerprintSelection(selectFiles(ctx, r.matches));
    assert.equal(fingerprintMatches(ctx, r.matches, { dirModes: true }), listed, source);
    assert.equal(Object.keys(fingerprintMatches(ctx, r.matches, { dirModes: true })), Object.keys(listed), `${source}: same order`);
    const noDirModes = Object.fromEntries(Object.entries(listed).map(([p, fp]) => [p, fp.startsWith('d:') ? 'd' : fp]));
    assert.equal(fingerprintMatches(ctx, r.matches, { dirModes: false }), noDirModes, source);
  }
});

select('a selection\'s list makes the text its record makes: straight in string order, through the record otherwise (a path named twice: the last fingerprint)', () => {
  const ctx = snapshot({ ...base, 'a-b': 'x1', a: { dir: true }, 'a/c': 'c1' }); // Walk order 'a', 'a/c', 'a-b': '-' sorts before '/'.
  const cases: Array<[string[], boolean]> = [[['src/lib'], true], [['.'], false], [['src/lib', 'src/lib/a.js'], false], [['*.json'], true], [['a'], true]];
  for (const [sources, ascending] of cases) {
    const matches = sources.flatMap((source) => {
      const r = resolveSources(ctx, source, { allowWildcards: true });
      return r.kind === 'ok' ? r.matches : [];
    });
    const list = fingerprintList(ctx, matches, { dirModes: true });
    const record = fingerprintMatches(ctx, matches, { dirModes: true });
    assert.equal(fingerprintRecord(list), record, sources.join(' '));
    let recordRead = false;
    const text = listDigestText(list.names, list.fingerprints, () => ((recordRead = true), record));
    assert.equal(text, digestText(record), sources.join(' '));
    assert.is(recordRead, !ascending, `${sources.join(' ')}: the record only when out of order`);
  }
});

select('the whole context has no entry for the root itself', () => {
  const ctx = snapshot({ a: 'x', d: { dir: true } });
  const sel = selectFiles(ctx, [{ path: '', resolved: '', type: 'dir' }]);
  assert.equal(sel.map((s) => s.rel), ['a', 'd']);
});

select('digest changes with content, mode, link target, added/removed files and empty dirs; not otherwise', () => {
  const before = digestOf(base, 'src');
  assert.is(digestOf({ ...base }, 'src'), before, 'same snapshot, same digest');
  assert.is.not(digestOf({ ...base, 'src/index.js': 'i2' }, 'src'), before, 'content');
  assert.is.not(digestOf({ ...base, 'src/index.js': { file: 'i1', mode: 0o755 } }, 'src'), before, 'mode');
  assert.is.not(digestOf({ ...base, 'src/inner-link': { link: 'other' } }, 'src'), before, 'link target');
  assert.is.not(digestOf({ ...base, 'src/new.js': 'n' }, 'src'), before, 'added file');
  assert.is.not(digestOf({ ...base, 'src/empty': { dir: true } }, 'src'), before, 'empty dir');
  assert.is.not(digestOf({ ...base, src: { dir: true, mode: 0o700 } }, 'src'), before, 'dir mode');
  const { ['src/lib/a.js']: _removed, ...without } = base;
  assert.is.not(digestOf(without, 'src'), before, 'removed file');
  assert.is(digestOf({ ...base, 'package.json': 'p2' }, 'src'), before, 'files outside the source do not count');
});

select('wildcard digest covers the matched set', () => {
  const before = digestOf(base, '*.json');
  assert.is.not(digestOf({ ...base, 'c.json': 'j3' }, '*.json'), before);
  assert.is(digestOf({ ...base, 'c.yaml': 'y' }, '*.json'), before);
});

select.run();
