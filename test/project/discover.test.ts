/** Which tracked files are Dockerfiles, with which context, and what `exclude` leaves out. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { discoverDockerfiles, excludePatternProblem, isDockerfileName } from '../../src/project/discover.js';
import { readIndexTree } from '../../src/git/tree.js';
import { git, tempRepo } from '../git/_helpers/git-repo.js';

const t = suite('project/discover');

t('names: Dockerfile, Containerfile, *.Dockerfile, Dockerfile.* (and the Containerfile forms), in any folder', () => {
  const yes = ['Dockerfile', 'Containerfile', 'api.Dockerfile', 'web.Containerfile', 'Dockerfile.prod', 'Containerfile.dev', 'docker/api.Dockerfile', 'a/b/Dockerfile', 'with space/my app.Dockerfile', 'ünï/Dockerfile.çà'];
  for (const p of yes) assert.ok(isDockerfileName(p), p);
});

t('not Dockerfiles: their ignore files, docs and templates, look-alikes, folders named like one', () => {
  const no = ['Dockerfile.md', 'docs/api.Dockerfile.md', 'Dockerfile.j2', 'roles/web/templates/Dockerfile.jinja2', 'Dockerfile.template', 'Dockerfile.tmpl', 'Dockerfile.in', 'Dockerfile.dockerignore', 'api.Dockerfile.dockerignore', 'Containerfile.containerignore', 'Dockerfile.containerignore', '.dockerignore', 'dockerfile', 'MyDockerfile', '.Dockerfile', 'Dockerfile.', 'Dockerfile-dev', 'README.Dockerfile.md', 'Dockerfile/inner.txt', 'Dockerfile.d/run.sh', 'docker-compose.yml'];
  for (const p of no) assert.not.ok(isDockerfileName(p), p);
});

t('from a real index: every Dockerfile found, each with its own folder as context, sorted', () => {
  const dir = tempRepo({
    Dockerfile: 'FROM a\n',
    'Dockerfile.dockerignore': 'x\n',
    'svc/api/Dockerfile': 'FROM a\n',
    'svc/web/web.Dockerfile': 'FROM a\n',
    'svc/web/Containerfile.dev': 'FROM a\n',
    'name with space/Dockerfile.ci': 'FROM a\n',
    'docs/Dockerfile.md': '# about\n',
    'src/main.go': 'package main\n',
  });
  git(dir, 'add', '-A');
  const found = discoverDockerfiles(readIndexTree(dir).keys(), [], []);
  assert.equal(found, [
    { dockerfile: 'Dockerfile', context: '' },
    { dockerfile: 'name with space/Dockerfile.ci', context: 'name with space' },
    { dockerfile: 'svc/api/Dockerfile', context: 'svc/api' },
    { dockerfile: 'svc/web/Containerfile.dev', context: 'svc/web' },
    { dockerfile: 'svc/web/web.Dockerfile', context: 'svc/web' },
  ]);
});

const PATHS = ['Dockerfile', 'third/lib/Dockerfile', 'third/keep/Dockerfile', 'testdata/a/b/Dockerfile', 'examples/x.Dockerfile', 'svc/examples/y.Dockerfile', 'svc/Dockerfile'];
const found = (exclude: string[]): string[] => discoverDockerfiles(PATHS, [], exclude).map((t) => t.dockerfile);

t('exclude: a folder excludes everything under it; ** reaches any depth; ! re-includes', () => {
  assert.equal(found(['third/']), ['Dockerfile', 'examples/x.Dockerfile', 'svc/Dockerfile', 'svc/examples/y.Dockerfile', 'testdata/a/b/Dockerfile']);
  assert.equal(found(['testdata/**']), ['Dockerfile', 'examples/x.Dockerfile', 'svc/Dockerfile', 'svc/examples/y.Dockerfile', 'third/keep/Dockerfile', 'third/lib/Dockerfile']);
  assert.equal(found(['**/examples/*.Dockerfile', 'third', '!third/keep']), ['Dockerfile', 'svc/Dockerfile', 'testdata/a/b/Dockerfile', 'third/keep/Dockerfile']);
  assert.equal(found(['*/Dockerfile']), ['Dockerfile', 'examples/x.Dockerfile', 'svc/examples/y.Dockerfile', 'testdata/a/b/Dockerfile', 'third/keep/Dockerfile', 'third/lib/Dockerfile'], '* stays within one folder');
});

t('settings: a configured context wins over the folder; a configured file is checked whatever its name, even if excluded', () => {
  const targets = discoverDockerfiles(PATHS, [{ file: 'svc/Dockerfile', context: '' }, { file: 'build/image.docker', context: 'build' }, { file: 'third/lib/Dockerfile', context: 'third' }], ['third/']);
  assert.equal(targets.find((x) => x.dockerfile === 'svc/Dockerfile'), { dockerfile: 'svc/Dockerfile', context: '' });
  assert.equal(targets.find((x) => x.dockerfile === 'build/image.docker'), { dockerfile: 'build/image.docker', context: 'build' });
  assert.equal(targets.find((x) => x.dockerfile === 'third/lib/Dockerfile'), { dockerfile: 'third/lib/Dockerfile', context: 'third' });
  assert.not.ok(targets.some((x) => x.dockerfile === 'third/keep/Dockerfile'));
});

t('vendor/ and node_modules/ at any depth hold other projects\' Dockerfiles: skipped unless named by a setting (or -f)', () => {
  const paths = ['Dockerfile', 'vendor/github.com/x/y/Dockerfile', 'web/node_modules/pkg/Dockerfile', 'svc/vendor/z.Dockerfile', 'vendored/Dockerfile', 'my-vendor/Dockerfile'];
  assert.equal(discoverDockerfiles(paths, [], []).map((t) => t.dockerfile), ['Dockerfile', 'my-vendor/Dockerfile', 'vendored/Dockerfile']);
  const named = discoverDockerfiles(paths, [{ file: 'vendor/github.com/x/y/Dockerfile', context: 'vendor/github.com/x/y' }], []);
  assert.ok(named.some((t) => t.dockerfile === 'vendor/github.com/x/y/Dockerfile'));
});

t('a bad exclude pattern is named with the reason, without a made-up line number', () => {
  assert.is(excludePatternProblem('vendor/'), null);
  assert.is(excludePatternProblem('**/x'), null);
  const why = excludePatternProblem('!');
  assert.ok(why);
  assert.match(why, 'illegal exclusion pattern');
  assert.not.match(why, 'line');
  assert.ok(excludePatternProblem('[a-'), 'an unclosed class');
});

t.run();
