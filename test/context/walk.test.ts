import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ContextUnreadableError, IgnoreFileError } from '../../src/context/errors.js';
import { xxhashApi, hex64 } from '../../src/context/hash.js';
import { loadContext, type ContextProgress } from '../../src/context/walk.js';
import { pathOrder, type WalkEntries } from '../../src/context/walk-entries.js';
import { readStatCache, type FileStamp } from '../../src/context/stat-cache.js';
import type { ContextSnapshot } from '../../src/context/types.js';
import { isExcluded, parseIgnoreFile } from '../../src/ignore/dockerignore.js';

/** A fresh context directory from path → content ('/' suffix = empty dir). */
function makeContext(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'lp-ctx-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    if (rel.endsWith('/')) mkdirSync(abs, { recursive: true });
    else {
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, content);
    }
  }
  return root;
}

const load = (root: string, more: { builder?: 'buildkit' | 'buildah'; dockerfile?: string; cache?: string | null; onProgress?: (p: ContextProgress) => void } = {}): Promise<ContextSnapshot> =>
  loadContext({
    root,
    dockerfile: more.dockerfile ?? path.join(root, 'Dockerfile'),
    builder: more.builder ?? 'buildkit',
    statCacheDir: more.cache ?? null,
    onProgress: more.onProgress,
  });

const keys = (s: ContextSnapshot): string[] => [...s.entries.keys()];

const walk = suite('context/walk');

walk('entries: files, dirs, symlinks (not followed), modes, xxh64 digests', async () => {
  const root = makeContext({ Dockerfile: 'FROM x\n', 'src/a.js': 'hello', 'empty/': '', 'e.txt': '' });
  chmodSync(path.join(root, 'src/a.js'), 0o755);
  symlinkSync('../outside/secret', path.join(root, 'link'));
  const s = await load(root);
  assert.equal(keys(s), ['Dockerfile', 'e.txt', 'empty', 'link', 'src', 'src/a.js']);
  assert.equal(s.entries.get('link'), { path: 'link', type: 'symlink', mode: 0o777, size: 0, digest: '', linkTarget: '../outside/secret' });
  assert.equal(s.entries.get('src/a.js'), { path: 'src/a.js', type: 'file', mode: 0o755, size: 5, digest: '26c7827d889f6da3' });
  assert.is(s.entries.get('e.txt')?.digest, 'ef46db3751d8e999', 'xxh64 of nothing');
  assert.is(s.entries.get('empty')?.type, 'dir');
  assert.is(s.ignoreFile, null);
  rmSync(root, { recursive: true });
});

walk('entries come in walk order (segment order, which lookups rely on), an excluded folder kept for a ! rule included, and each is found', async () => {
  const root = makeContext({ 'a/b/c': '1', 'a/z': '2', 'a-b': '3', 'a.txt': '4', a0: '5', A: '6', 'é/x': '7', 'é-': '8', '😀/y': '9', 'skip/in/keep.txt': 'k', 'skip/other': 'o', '.dockerignore': 'skip\n!skip/in/keep.txt\n' });
  symlinkSync('a', path.join(root, 'a-link'));
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'lp-cache-'));
  for (const run of ['cold', 'warm']) {
    const s = await load(root, { cache: cacheDir });
    const walked = keys(s);
    assert.equal(walked, [...walked].sort(pathOrder), run);
    assert.ok(walked.includes('skip') && walked.includes('skip/in/keep.txt') && !walked.includes('skip/other'), run);
    for (const k of walked) assert.is(s.entries.get(k)?.path, k, `${run}: ${k}`);
    for (const k of ['a/', 'skip/other', 'é/', 'b']) assert.is(s.entries.has(k), false, `${run}: ${k}`);
    assert.is((s.entries as WalkEntries).inStringOrder, false, `${run}: 'a-b' and 'a.txt' come after what folder 'a' holds`);
  }
  rmSync(root, { recursive: true });
  rmSync(cacheDir, { recursive: true });
});

walk('a walk known to be in string order is: no folder is followed by a sibling extending its name with a character below /', async () => {
  const cases: [Record<string, string>, boolean][] = [
    [{ 'a/b': '1', 'a0/c': '2', ab: '3', 'b.txt': '4', 'é/x': '5' }, true],
    [{ 'src/a': '1', 'src.ts': '2' }, false],
    [{ 'x/src/a': '1', 'x/src-b/c': '2' }, false],
    [{ 'src.ts/a': '1', src: '2' }, true], // A file 'src' holds nothing: 'src' < 'src.ts' < 'src.ts/a' either way.
    [{ 'skip/in/keep': '1', 'skip-x': '2', '.dockerignore': 'skip\n!skip/in/keep\n' }, false],
  ];
  for (const [files, ordered] of cases) {
    const root = makeContext(files);
    const s = await load(root);
    const walked = keys(s);
    assert.is((s.entries as WalkEntries).inStringOrder, ordered, Object.keys(files).join(' '));
    if (ordered) assert.equal(walked, [...walked].sort(), walked.join(' '));
    else assert.not.equal(walked, [...walked].sort(), walked.join(' '));
    rmSync(root, { recursive: true });
  }
});

walk('big files are hashed in chunks to the same digest as one piece', async () => {
  const big = Buffer.alloc(3 * 1024 * 1024 + 17);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
  const root = makeContext({ 'big.bin': big });
  const x = await xxhashApi();
  const s = await load(root);
  assert.is(s.entries.get('big.bin')?.digest, hex64(x.h64Raw(big)));
  assert.is(s.entries.get('big.bin')?.size, big.length);
  rmSync(root, { recursive: true });
});

walk('.dockerignore: excluded paths are absent; a ! exception keeps its file and the dirs above it', async () => {
  const root = makeContext({
    '.dockerignore': 'node_modules\nbuild\n!build/keep/me.txt\n*.log\n',
    'node_modules/x/index.js': 'x',
    'build/out.o': 'o',
    'build/keep/me.txt': 'k',
    'build/keep/not.txt': 'n',
    'debug.log': 'l',
    'sub/debug.log': 'kept: * does not cross /',
  });
  const s = await load(root);
  assert.equal(keys(s), ['.dockerignore', 'build', 'build/keep', 'build/keep/me.txt', 'sub', 'sub/debug.log']);
  assert.is(s.ignoreFile, '.dockerignore');
  rmSync(root, { recursive: true });
});

walk('rules at several depths, ** and ! rules: the walk keeps what isExcluded keeps for each path (a folder whose depth no rule tests takes its verdict from its parent)', async () => {
  const text = 'docs\nsrc/*/gen\n**/*.tmp\na/b/c/d.txt\n!docs/keep\nvendor/**\n!vendor/x/y/z.go\n';
  const files = ['docs/a.md', 'docs/keep/k.md', 'src/p/gen/g.ts', 'src/p/q/gen/g.ts', 'src/p/main.ts', 'x.tmp', 'a/b/c/d.txt', 'a/b/c/e.txt', 'a/b/c/f/g.tmp', 'vendor/x/y/z.go', 'vendor/x/y/w.go', 'deep/1/2/3/4/5.txt'];
  const root = makeContext({ '.dockerignore': text, ...Object.fromEntries(files.map((f) => [f, f])) });
  const rules = parseIgnoreFile(text, 'buildkit');
  const kept = (await load(root)).entries;
  for (const f of files) assert.is(kept.has(f), !isExcluded(rules, f), f);
  assert.equal(['src/p/main.ts', 'a/b/c/e.txt', 'deep/1/2/3/4/5.txt', 'docs/keep/k.md', 'vendor/x/y/z.go'].filter((f) => !kept.has(f)), []);
  rmSync(root, { recursive: true });
});

walk('<Dockerfile>.dockerignore wins over .dockerignore (not merged)', async () => {
  const root = makeContext({ '.dockerignore': 'a.txt\n', 'docker/app.Dockerfile': 'FROM x\n', 'docker/app.Dockerfile.dockerignore': 'b.txt\n', 'a.txt': 'a', 'b.txt': 'b' });
  const s = await load(root, { dockerfile: path.join(root, 'docker/app.Dockerfile') });
  assert.ok(s.entries.has('a.txt'));
  assert.not.ok(s.entries.has('b.txt'));
  assert.is(s.ignoreFile, path.join(root, 'docker/app.Dockerfile.dockerignore'));
  rmSync(root, { recursive: true });
});

walk('a <Dockerfile>.dockerignore that is missing or a dangling symlink is absent (.dockerignore answers), as is a .dockerignore linked out of the context or one under a file', async () => {
  for (const dangling of [false, true]) {
    const root = makeContext({ '.dockerignore': 'b.txt\n', Dockerfile: 'FROM x\n', 'a.txt': 'a', 'b.txt': 'b' });
    if (dangling) symlinkSync('nowhere', path.join(root, 'Dockerfile.dockerignore'));
    const s = await load(root, { dockerfile: path.join(root, 'Dockerfile') });
    assert.is(s.ignoreFile, '.dockerignore', `dangling ${dangling}`);
    assert.ok(s.entries.has('a.txt') && !s.entries.has('b.txt'), `dangling ${dangling}`);
    rmSync(root, { recursive: true });
  }
  const outside = mkdtempSync(path.join(tmpdir(), 'lp-outside-'));
  writeFileSync(path.join(outside, 'ignore'), 'a.txt\n');
  const linked = makeContext({ 'a.txt': 'a' });
  symlinkSync(path.join(outside, 'ignore'), path.join(linked, '.dockerignore'));
  const s = await load(linked);
  assert.is(s.ignoreFile, null, 'linked out of the context');
  assert.ok(s.entries.has('a.txt'));
  rmSync(linked, { recursive: true });
  rmSync(outside, { recursive: true });
  // A Dockerfile path through a file (ENOTDIR for its ignore file), in a context without one: none at all.
  const root = makeContext({ 'a.txt': 'a' });
  assert.is((await load(root, { dockerfile: path.join(root, 'a.txt', 'Dockerfile') })).ignoreFile, null);
  rmSync(root, { recursive: true });
});

walk('buildah prefers .containerignore; BuildKit ignores it', async () => {
  const root = makeContext({ '.dockerignore': 'a.txt\n', '.containerignore': 'b.txt\n', 'a.txt': 'a', 'b.txt': 'b' });
  const bah = await load(root, { builder: 'buildah' });
  assert.ok(bah.entries.has('a.txt'));
  assert.not.ok(bah.entries.has('b.txt'));
  assert.is(bah.ignoreFile, '.containerignore');
  const bk = await load(root);
  assert.not.ok(bk.entries.has('a.txt'));
  assert.ok(bk.entries.has('b.txt'));
  rmSync(root, { recursive: true });
});

walk('a bad ignore pattern is an IgnoreFileError naming file and line', async () => {
  const root = makeContext({ '.dockerignore': 'ok\n[z-\n' });
  try {
    await load(root);
    assert.unreachable('should throw');
  } catch (err) {
    assert.instance(err, IgnoreFileError);
    assert.is((err as IgnoreFileError).file, path.join(root, '.dockerignore'));
    assert.is((err as IgnoreFileError).syntax.line, 2);
  }
  rmSync(root, { recursive: true });
});

walk('an unreadable file is a ContextUnreadableError that names it (skipped when running as root)', async () => {
  if (process.getuid?.() === 0) return;
  const root = makeContext({ 'secret.txt': 's' });
  chmodSync(path.join(root, 'secret.txt'), 0);
  try {
    await load(root);
    assert.unreachable('should throw');
  } catch (err) {
    assert.instance(err, ContextUnreadableError);
    assert.is((err as ContextUnreadableError).reason, 'EACCES');
    assert.match((err as ContextUnreadableError).path, 'secret.txt');
  }
  rmSync(root, { recursive: true });
});

walk('enough misses to start worker threads: every digest as hashed here, progress counts each file once', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 2600; i++) files[`d${i % 7}/f${i}.txt`] = `content ${i} `.repeat(i % 50);
  const root = makeContext(files);
  const x = await xxhashApi();
  const seen: ContextProgress[] = [];
  const s = await load(root, { onProgress: (p) => seen.push(p) });
  for (const [rel, content] of Object.entries(files)) assert.is(s.entries.get(rel)?.digest, hex64(x.h64Raw(Buffer.from(content))), rel);
  const totalBytes = Object.values(files).reduce((n, c) => n + c.length, 0);
  assert.equal(seen.at(-1), { files: 2600, bytes: totalBytes, totalFiles: 2600, totalBytes });
  assert.ok(seen.every((p, i) => i === 0 || (p.files >= (seen[i - 1]?.files ?? 0) && p.bytes >= (seen[i - 1]?.bytes ?? 0))), 'progress only grows');
  rmSync(root, { recursive: true });
});

walk('a process started with a V8 flag no worker accepts still hashes a big context (its workers start without the flag)', async () => {
  const x = await xxhashApi();
  const files: Record<string, string> = {};
  for (let i = 0; i < 2100; i++) files[`d${i % 5}/f${i}.txt`] = `file ${i}`;
  const root = makeContext(files);
  const walkModule = new URL('../../src/context/walk.js', import.meta.url).href;
  const script = `const { loadContext } = await import(${JSON.stringify(walkModule)}); const s = await loadContext({ root: ${JSON.stringify(root)}, dockerfile: ${JSON.stringify(path.join(root, 'Dockerfile'))}, builder: 'buildkit', statCacheDir: null }); console.log(s.entries.get('d3/f8.txt').digest + " " + s.entries.size);`;
  const out = execFileSync(process.execPath, ['--max-semi-space-size=16', '--input-type=module', '-e', script], { encoding: 'utf8' }).trim();
  assert.is(out, `${hex64(x.h64Raw(Buffer.from('file 8')))} 2105`);
  rmSync(root, { recursive: true });
});

walk('progress ends with the totals', async () => {
  const root = makeContext({ a: '123', b: '4567' });
  const seen: ContextProgress[] = [];
  await load(root, { onProgress: (p) => seen.push(p) });
  assert.equal(seen.at(-1), { files: 2, bytes: 7, totalFiles: 2, totalBytes: 7 });
  rmSync(root, { recursive: true });
});

walk.run();

const cache = suite('context/walk stat cache');

const cacheFileIn = (dir: string): string => path.join(dir, readdirSync(dir).find((f) => f.endsWith('.bin')) as string);

/** Replaces a digest inside the cache file (digests are stored as ASCII hex). */
function tamper(file: string, digest: string, replacement: string): void {
  const data = readFileSync(file);
  const at = data.indexOf(digest, 0, 'latin1');
  assert.ok(at > 0, `${digest} is in the cache`);
  data.write(replacement, at, 'latin1');
  writeFileSync(file, data);
}

/** Pretends the cache was written a minute after the files last changed, so its entries are not racy. */
function writtenLater(cacheFile: string): void {
  const later = new Date(Date.now() + 60_000);
  utimesSync(cacheFile, later, later);
}

cache('unchanged files come from the cache, not from disk', async () => {
  const root = makeContext({ 'a.txt': 'aaa' });
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-cache-'));
  const first = await load(root, { cache: dir });
  const file = cacheFileIn(dir);
  // Tamper with the cached digest: a run that trusts the cache reports it.
  tamper(file, first.entries.get('a.txt')?.digest as string, 'feedfeedfeedfeed');
  writtenLater(file);
  const second = await load(root, { cache: dir });
  assert.is(second.entries.get('a.txt')?.digest, 'feedfeedfeedfeed');
  rmSync(root, { recursive: true });
  rmSync(dir, { recursive: true });
});

cache('racy entries (mtime not older than the cache write) are re-read', async () => {
  const root = makeContext({ 'a.txt': 'aaa' });
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-cache-'));
  const first = await load(root, { cache: dir });
  tamper(cacheFileIn(dir), first.entries.get('a.txt')?.digest as string, 'feedfeedfeedfeed');
  const second = await load(root, { cache: dir });
  assert.is(second.entries.get('a.txt')?.digest, first.entries.get('a.txt')?.digest, 'a.txt was written just now: not trusted');
  rmSync(root, { recursive: true });
  rmSync(dir, { recursive: true });
});

cache('same size, mtime put back: still detected (ctime moved)', async () => {
  const root = makeContext({ 'a.txt': 'aaa' });
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-cache-'));
  const first = await load(root, { cache: dir });
  writtenLater(cacheFileIn(dir));
  const { mtime, atime } = statSync(path.join(root, 'a.txt'));
  writeFileSync(path.join(root, 'a.txt'), 'bbb');
  utimesSync(path.join(root, 'a.txt'), atime, mtime);
  const second = await load(root, { cache: dir });
  assert.is.not(second.entries.get('a.txt')?.digest, first.entries.get('a.txt')?.digest);
  rmSync(root, { recursive: true });
  rmSync(dir, { recursive: true });
});

cache('a corrupt or truncated cache is ignored and rewritten', async () => {
  const root = makeContext({ 'a.txt': 'aaa', 'b/c.txt': 'ccc' });
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-cache-'));
  const good = await load(root, { cache: dir });
  const file = cacheFileIn(dir);
  const written = readFileSync(file);
  for (const bad of ['{"version":2,"root":', written.subarray(0, written.length - 3), Buffer.concat([written, Buffer.from('x\0')]), written.toString('latin1').replace('"version":2', '"version":1')]) {
    writeFileSync(file, bad);
    writtenLater(file);
    const again = await load(root, { cache: dir });
    assert.equal(again.entries, good.entries);
    assert.equal(readStatCache(file, path.resolve(root)).size, 2, 'rewritten, readable again');
  }
  rmSync(root, { recursive: true });
  rmSync(dir, { recursive: true });
});

cache('the JSON cache an older version left for the same root is removed when the new one is written', async () => {
  const root = makeContext({ 'a.txt': 'a' });
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-cache-'));
  await load(root, { cache: dir });
  const binary = cacheFileIn(dir);
  const legacy = binary.replace(/\.bin$/, '.json');
  writeFileSync(legacy, '{"version":1}');
  writeFileSync(path.join(dir, 'context-0000000000000000.json'), '{"version":1}');
  rmSync(binary);
  await load(root, { cache: dir });
  assert.equal(readdirSync(dir).sort(), [path.basename(binary), 'context-0000000000000000.json'].sort(), 'only its own root\'s old file goes');
  rmSync(root, { recursive: true });
  rmSync(dir, { recursive: true });
});

cache('files looked up out of order, moved or new still find their rows', async () => {
  const root = makeContext({ 'a.txt': 'a', 'm/x.txt': 'x', 'z.txt': 'z' });
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-cache-'));
  await load(root, { cache: dir });
  const file = cacheFileIn(dir);
  writtenLater(file);
  const cache = readStatCache(file, path.resolve(root));
  const stamp = (rel: string): FileStamp => statSync(path.join(root, rel));
  const digests = ['z.txt', 'a.txt', 'm/x.txt', 'new.txt'].map((rel) => (rel === 'new.txt' ? cache.lookup(rel, stamp('a.txt')) : cache.lookup(rel, stamp(rel))));
  assert.equal(digests.map((d) => d?.length ?? null), [16, 16, 16, null]);
  assert.is(cache.lookup('a.txt', { ...stamp('a.txt'), size: 2 }), null, 'a different size');
  rmSync(root, { recursive: true });
  rmSync(dir, { recursive: true });
});

cache('a big context (worker threads) re-planned from its cache: same entries, and an edit, a new and a removed file seen', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 2500; i++) files[`d${i % 9}/f${i}.txt`] = `content ${i}`;
  const root = makeContext(files);
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-cache-'));
  const first = await load(root, { cache: dir });
  writtenLater(cacheFileIn(dir));
  const warm = await load(root, { cache: dir });
  assert.equal([...warm.entries], [...first.entries]);
  writeFileSync(path.join(root, 'd3/f1200.txt'), 'edited, longer than before');
  writeFileSync(path.join(root, 'd0/new.txt'), 'new');
  rmSync(path.join(root, 'd4/f4.txt'));
  const edited = await load(root, { cache: dir });
  const x = await xxhashApi();
  assert.is(edited.entries.get('d3/f1200.txt')?.digest, hex64(x.h64Raw(Buffer.from('edited, longer than before'))));
  assert.is(edited.entries.get('d0/new.txt')?.size, 3);
  assert.not.ok(edited.entries.has('d4/f4.txt'));
  assert.is(edited.entries.size, first.entries.size);
  assert.is(readStatCache(cacheFileIn(dir), path.resolve(root)).size, 2500, 'rewritten with the current files');
  rmSync(root, { recursive: true });
  rmSync(dir, { recursive: true });
});

cache('concurrent runs leave one valid cache file and no temp files', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 200; i++) files[`f${i}.txt`] = `content ${i}`;
  const root = makeContext(files);
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-cache-'));
  const runs = await Promise.all([1, 2, 3, 4].map(() => load(root, { cache: dir })));
  assert.equal(readdirSync(dir).length, 1);
  assert.is(readStatCache(cacheFileIn(dir), path.resolve(root)).size, 200);
  for (const r of runs) assert.equal(r.entries, runs[0]?.entries);
  rmSync(root, { recursive: true });
  rmSync(dir, { recursive: true });
});

cache.run();
