import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  canSkipExcludedDir,
  ignoreFileCandidates,
  IgnoreSyntaxError,
  isExcluded,
  matchEntry,
  matchWithoutTesting,
  parseIgnoreFile,
  type MatchInfo,
} from '../../src/ignore/dockerignore.js';

const excluded = (text: string, path: string, dialect: 'buildkit' | 'buildah' = 'buildkit'): boolean =>
  isExcluded(parseIgnoreFile(text, dialect), path);

const parse = suite('ignore/dockerignore parse');

parse('comments only in column 1, blank lines, BOM, CRLF, cleaning', () => {
  const rules = parseIgnoreFile('\uFEFF# comment\r\n\r\n  /foo/  \r\n ! ./bar/../baz \n  # not a comment\n');
  assert.equal(
    rules.rules.map((r) => [r.pattern, r.exclusion, r.line]),
    [
      ['foo', false, 3],
      ['baz', true, 4],
      ['# not a comment', false, 5],
    ],
  );
});

parse('a lone "!" and a malformed pattern are errors with their line', () => {
  assert.throws(() => parseIgnoreFile('ok\n!\n'), (e: unknown) => e instanceof IgnoreSyntaxError && e.line === 2);
  assert.throws(() => parseIgnoreFile('a\n\n[z-\n'), (e: unknown) => e instanceof IgnoreSyntaxError && e.line === 3);
});

parse('buildah keeps the "!/" form, which then never matches a relative path', () => {
  assert.is(excluded('*.log\n!/keep.log\n', 'keep.log', 'buildah'), true);
  assert.is(excluded('*.log\n!/keep.log\n', 'keep.log', 'buildkit'), false);
});

parse.run();

const match = suite('ignore/dockerignore match');

match('single patterns (moby/patternmatcher cases)', () => {
  const cases: Array<[string, string, boolean]> = [
    ['**', 'file', true],
    ['**', 'dir/file', true],
    ['**/', 'file', true],
    ['dir/**', 'dir/file', true],
    ['dir/**', 'dir/dir2/file', true],
    ['abc/**', 'abc', false],
    ['**/dir', 'dir', true],
    ['**/dir', 'dir/file', true],
    ['**/dir2/*', 'dir/dir2/file', true],
    ['**/dir2/**', 'dir/dir2/dir3/file', true],
    ['**file', 'dir/dir/file', true],
    ['**/file*.txt', 'dir/dir/file.txt', true],
    ['**/**/*.txt2', 'dir/dir/file.txt', false],
    ['**/*.txt', 'file.txt', true],
    ['a**/*.txt', 'a/dir/dir/file.txt', true],
    ['a/*.txt', 'a/dir/file.txt', false],
    ['a/*.txt', 'a/file.txt', true],
    ['a[b-d]e', 'ace', true],
    ['a[b-d]e', 'aae', false],
    ['a[^b-d]e', 'aze', true],
    ['.*', '.foo', true],
    ['.*', 'foo', false],
    ['abc.def', 'abcZdef', false],
    ['abc?def', 'abcZdef', true],
    ['**/foo/bar', 'dir/dir2/foo/bar', true],
    ['**/.foo', 'bar.foo', false],
    ['a(b)c/def', 'a(b)c/def', true],
    ['a.|)$(}+{bc', 'a.|)$(}+{bc', true],
    ['dist/*.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
    ['a\\\\', 'a\\', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['src/[a-z]*.js', 'src/index.js', true],
    ['src/[a-z]*.js', 'src/Index.js', false],
    ['a*', 'ab/c', true],
  ];
  for (const [pattern, path, want] of cases) assert.is(excluded(pattern, path), want, `${pattern} ~ ${path}`);
});

match('the tricky cases from the brief', () => {
  assert.ok(excluded('**/*.log', 'a/b/c.log'));
  assert.ok(excluded('**/*.log', 'c.log'));
  assert.not.ok(excluded('*.log\n!keep.log', 'keep.log'));
  assert.ok(excluded('*.log\n!keep.log', 'other.log'));
  assert.not.ok(excluded('*.log', 'sub/x.log'), '* does not cross /');
  assert.ok(excluded('/foo', 'foo'));
  assert.ok(excluded('/foo', 'foo/bar'), 'a directory pattern covers its contents');
  assert.not.ok(excluded('/foo', 'x/foo'));
  assert.ok(excluded('foo/', 'foo/bar'));
  assert.ok(excluded('docs/**/x', 'docs/x'));
  assert.ok(excluded('docs/**/x', 'docs/a/b/x'));
  assert.not.ok(excluded('docs/**/x', 'docs/a/y'));
  assert.ok(excluded('../secret', 'secret') === false, '".." patterns match nothing inside the context');
  assert.ok(excluded('a/../b', 'b'));
  assert.ok(excluded('./c', 'c'));
});

match('last match wins; exceptions below an excluded dir', () => {
  assert.not.ok(excluded('docs\n!docs/README.md', 'docs/README.md'));
  assert.ok(excluded('docs\n!docs/README.md', 'docs/other.md'));
  assert.ok(excluded('docs\n!docs/README.md', 'docs'));
  assert.ok(excluded('!docs/README.md\ndocs', 'docs/README.md'), 'order matters');
  assert.not.ok(excluded('**\n!util/docker/web', 'util/docker/web/foo'));
  assert.ok(excluded('**\n!util/docker/web\nutil/docker/web/foo', 'util/docker/web/foo'));
});

match('BuildKit skips rules that cannot change the result, and remembers them as unmatched', () => {
  // "!a" cannot re-include "a" (nothing excluded it yet), so it is not recorded for a's children;
  // the child "a/c", excluded by "a/c", is then not re-included by "!a". MatchesOrParentMatches would say kept.
  assert.ok(excluded('a/c\n!a', 'a/c'));
});

match('buildah checks only the ancestor at the pattern depth', () => {
  assert.ok(excluded('node_modules', 'node_modules/x/y.js', 'buildah'));
  assert.not.ok(excluded('*.log\n!keep.log', 'keep.log', 'buildah'));
  assert.ok(excluded('a/b', 'a/b/c/d', 'buildah'));
});

match('matchEntry with parent info agrees with isExcluded', () => {
  const rules = parseIgnoreFile('build\n!build/keep\n**/*.tmp\n');
  const walk = (path: string): boolean => {
    let info: MatchInfo | undefined;
    let out = false;
    const parts = path.split('/');
    parts.forEach((_, n) => {
      const r = matchEntry(rules, parts.slice(0, n + 1).join('/'), info);
      info = r.info;
      out = r.excluded;
    });
    return out;
  };
  for (const p of ['build', 'build/keep', 'build/keep/a.tmp', 'build/x', 'src/a.tmp', 'src/a.js']) {
    assert.is(walk(p), isExcluded(rules, p), p);
  }
  assert.equal(
    ['build', 'build/keep', 'build/keep/a.tmp', 'build/x', 'src/a.js'].map(walk),
    [true, false, true, true, false],
  );
});

match('pruning: only when no re-include can reach inside', () => {
  assert.ok(canSkipExcludedDir(parseIgnoreFile('node_modules'), 'node_modules'));
  assert.not.ok(canSkipExcludedDir(parseIgnoreFile('build\n!build/keep'), 'build'));
  assert.ok(canSkipExcludedDir(parseIgnoreFile('build\n!other/keep'), 'build'));
  assert.not.ok(canSkipExcludedDir(parseIgnoreFile('build\n!**/*.keep'), 'build'));
});

match.run();

const depth = suite('ignore/dockerignore depth');

depth('the walk\'s depth only skips tests that cannot match: every path answers as without it', () => {
  const text = ['*.log', 'a/*/c', 'b?', '**/x', 'd/**', '[^a]*/y', '\\Wz', 'e/[!f]', '!a/k/c', 'q'].join('\n');
  const rules = parseIgnoreFile(text);
  const paths = ['q', 'b1', 'x.log', 'a', 'a/k', 'a/k/c', 'a/m', 'a/m/c', 'a/m/c/x', 'a/x.log', 'd', 'd/e', 'bb/y', 'a/y', 'a/y/y', '/z', 'e', 'e/g', 'e/f'];
  const infoOf = new Map<string, MatchInfo>();
  for (const p of paths) {
    const parent = p.includes('/') ? infoOf.get(p.slice(0, p.lastIndexOf('/'))) : undefined;
    const known = matchEntry(rules, p, parent, p.split('/').length);
    const plain = matchEntry(rules, p, parent);
    assert.equal(known, plain, p);
    infoOf.set(p, plain.info);
  }
  assert.ok(paths.some((p) => infoOf.get(p)?.some(Boolean)), 'some rule matched');
});

depth('matchWithoutTesting answers only where no rule can test the path, and then as matchEntry does', () => {
  const paths = ['node_modules', 'node_modules/x', 'node_modules/x/y', 'a', 'a/k', 'a/k/c', 'a/k/c/d', 'a/m', 'a/m/c', 'a/m/z', 'b1', 'b1/q', 'b1/q/r'];
  for (const text of ['node_modules\na/*/c\n!a/k/c\nb?', 'node_modules\n**/x', '']) {
    const rules = parseIgnoreFile(text);
    const infoOf = new Map<string, MatchInfo>();
    let answered = 0;
    for (const p of paths) {
      const parent = p.includes('/') ? infoOf.get(p.slice(0, p.lastIndexOf('/'))) : undefined;
      const plain = matchEntry(rules, p, parent);
      const without = matchWithoutTesting(rules, parent, p.split('/').length);
      if (without !== null) assert.equal(without.excluded, plain.excluded, `${text}: ${p}`);
      if (without !== null) assert.equal(matchEntry(rules, `${p}-other`, parent).excluded, plain.excluded, `${text}: ${p}'s siblings alike`);
      if (without !== null) answered++;
      infoOf.set(p, plain.info);
    }
    // No rules: every path answered; a `**` rule may test any path: none; fixed depths: those below them.
    if (text === '') assert.is(answered, paths.length);
    else if (text.includes('**')) assert.is(answered, 0);
    else assert.ok(answered > 0, `${text}: answered ${answered}`);
  }
  assert.is(matchWithoutTesting(parseIgnoreFile('q', 'buildah'), [false], 2), null, 'buildah');
});

depth.run();

const which = suite('ignore/dockerignore which file');

which('BuildKit: beside the Dockerfile first, then the context root', () => {
  assert.equal(ignoreFileCandidates('/ctx', '/ctx/docker/app.Dockerfile', 'buildkit').map((c) => c.file), [
    '/ctx/docker/app.Dockerfile.dockerignore',
    '/ctx/.dockerignore',
  ]);
});

which('buildah: Containerfile-adjacent files, then .containerignore before .dockerignore', () => {
  assert.equal(ignoreFileCandidates('/ctx', '/ctx/Containerfile', 'buildah').map((c) => c.file), [
    '/ctx/Containerfile.dockerignore',
    '/ctx/Containerfile.containerignore',
    '/ctx/.containerignore',
    '/ctx/.dockerignore',
  ]);
});

which.run();
