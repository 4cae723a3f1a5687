/**
 * check --against NAME with a changed recorded Dockerfile: the index side planned from CI's recorded
 * selections with the staged edits put in (app/shared-patched.ts) gives the report the full derivation
 * (every blob of the context hashed and fingerprinted) gives, and where its conditions do not hold it is
 * not used. Each case stages a change in a clone holding CI's real-build records (made by `timings` from a
 * full-build log and `push`), then plans it both ways.
 */
import { chmodSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { layerplan } from '../_helpers/cli.js';
import { checkBothWays, copyRecords, fullBuildLog } from '../_helpers/shared-records.js';
import { checkAgainstShared } from '../../src/app/check-shared.js';
import { rememberChecks } from '../../src/app/shared-prepare.js';
import { commitAll, git, link, write } from '../git/_helpers/git-repo.js';

const t = suite('app/check-shared');
const env = { LAYERPLAN_NO_ENGINE: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' };

const DOCKERFILE = [
  'FROM busybox:local',
  'WORKDIR /app',
  'COPY *.txt /txt/',
  'COPY link/ /linked/',
  'RUN --mount=type=bind,source=src,target=/s cat /s/a.txt',
  'COPY . .',
  'RUN echo done',
  '',
].join('\n');

/** CI's clone: the project committed and pushed, one real build recorded from its log and pushed as refs/layerplan/ci. */
function ciClone(files: Record<string, string> = {}, dockerfile = DOCKERFILE): string {
  const root = mkdtempSync(path.join(tmpdir(), 'lp-patched-'));
  git(root, 'init', '-q', '--bare', '-b', 'main', 'remote.git');
  git(root, 'clone', '-q', 'remote.git', 'ci');
  const dir = path.join(root, 'ci');
  const project = { Dockerfile: dockerfile, '.dockerignore': '.git\nignored\n', 'a.txt': 'a\n', 'b.txt': 'b\n', 'src/a.txt': 'src a\n', 'docs/readme.md': 'docs\n', 'ignored/x': 'x\n', ...files };
  for (const [rel, body] of Object.entries(project)) write(dir, rel, body);
  write(dir, 'src/run.sh', 'echo hi\n', 0o755);
  link(dir, 'link', 'src');
  commitAll(dir);
  git(dir, 'push', '-q', 'origin', 'HEAD:main');
  writeFileSync(path.join(root, 'build.log'), fullBuildLog(dockerfile));
  const cli = (args: string[]): void => {
    const r = layerplan([...args, '--cache-dir', path.join(root, 'store')], { cwd: dir, env });
    assert.is(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  };
  cli(['timings', '.', '--log', path.join(root, 'build.log')]);
  cli(['push', '--as', 'ci']);
  return dir;
}

/** The report both ways (asserted equal): the patched Dockerfiles and the rebuilt lines with their files. */
async function both(dir: string, name = 'ci'): Promise<{ patched: string[]; rebuilt: [number, string[]][] }> {
  const r = await checkBothWays(dir, name);
  return { patched: [...r.shared.patched], rebuilt: r.reports.flatMap((d) => d.rebuilt.map((l): [number, string[]] => [l.line, [...l.files]])) };
}

/** Stages a change, plans it both ways, and puts the index and work tree back as committed. */
async function staged(dir: string, change: () => void, name = 'ci'): Promise<{ patched: string[]; rebuilt: [number, string[]][] }> {
  change();
  git(dir, 'add', '-A');
  try {
    return await both(dir, name);
  } finally {
    git(dir, 'reset', '-q', '--hard');
  }
}

/** Rebuilt from `line` (naming `files`) to the last step, line 7: the steps after it cascade. */
const from = (line: number, files: string[]): [number, string[]][] => [[line, files], ...[4, 5, 6, 7].filter((l) => l > line).map((l): [number, string[]] => [l, []])];

t('an edited file: each source from the record with the edit put in, as the full derivation has it', async () => {
  const dir = ciClone();
  assert.equal(await staged(dir, () => write(dir, 'docs/readme.md', 'docs, edited\n')), { patched: ['Dockerfile'], rebuilt: from(6, ['docs/readme.md']) });
  assert.equal(await staged(dir, () => write(dir, 'b.txt', 'b, edited\n')), { patched: ['Dockerfile'], rebuilt: from(3, ['b.txt']) }, 'a wildcard source');
  // Through the symlink (COPY link/ names it link/a.txt) and the bind mount of src.
  assert.equal(await staged(dir, () => write(dir, 'src/a.txt', 'src a, edited\n')), { patched: ['Dockerfile'], rebuilt: from(4, ['link/a.txt']) });
  const mode = await staged(dir, () => chmodSync(path.join(dir, 'a.txt'), 0o755));
  assert.equal(mode.patched, ['Dockerfile'], 'a mode change is an edit in place');
  assert.equal(mode.rebuilt[0], [3, ['a.txt']]);
  assert.equal(await staged(dir, () => write(dir, 'ignored/x', 'x, edited\n')), { patched: ['Dockerfile'], rebuilt: [] }, 'a file the .dockerignore leaves out');
});

t('added, removed or retyped paths and a changed ignore file are planned in full, with the same answers', async () => {
  const dir = ciClone();
  const full = (r: { patched: readonly string[] }): void => assert.equal(r.patched, []);
  const added = await staged(dir, () => write(dir, 'docs/new.md', 'new\n'));
  full(added);
  assert.equal(added.rebuilt[0], [6, ['docs/new.md']]);
  const removed = await staged(dir, () => unlinkSync(path.join(dir, 'b.txt')));
  full(removed);
  assert.equal(removed.rebuilt[0], [3, ['b.txt']]);
  full(await staged(dir, () => writeFileSync(path.join(dir, '.dockerignore'), '.git\nignored\ndocs\n')));
  full(await staged(dir, () => { unlinkSync(path.join(dir, 'link')); link(dir, 'link', 'docs'); }));
  full(await staged(dir, () => { unlinkSync(path.join(dir, 'a.txt')); link(dir, 'a.txt', 'b.txt'); }));
  // A source the records hold no selection of: the Dockerfile now copies docs/ on its own.
  const newSource = await staged(dir, () => { write(dir, 'Dockerfile', DOCKERFILE.replace('RUN echo done', 'COPY docs/ /docs/\nRUN echo done')); write(dir, 'a.txt', 'a, edited\n'); });
  full(newSource);
  assert.ok(newSource.rebuilt.some(([line]) => line === 7));
});

t('records without the git note, a commit this clone lacks, a build that was not clean: planned in full, the same answers', async () => {
  const dir = ciClone();
  copyRecords(dir, 'ci', 'old', (b) => { delete b.run.git; });
  copyRecords(dir, 'ci', 'shallow', (b) => { (b.run.git as { commit: string }).commit = '0123456789abcdef0123456789abcdef01234567'; });
  copyRecords(dir, 'ci', 'dirty', (b) => { b.run.git = { ...(b.run.git as object), clean: false }; });
  for (const name of ['old', 'shallow', 'dirty']) {
    const r = await staged(dir, () => write(dir, 'docs/readme.md', 'docs, edited\n'), name);
    assert.equal(r, { patched: [], rebuilt: from(6, ['docs/readme.md']) }, name);
  }
});

t('a recorded selection unlike the index\'s (COPY --exclude, another context folder) is not used', async () => {
  const dir = ciClone({}, DOCKERFILE.replace('COPY . .', 'COPY --exclude=docs . .'));
  const excluded = await staged(dir, () => write(dir, 'a.txt', 'a, edited\n'));
  assert.equal(excluded.patched, [], 'the record holds the selection without docs/readme.md');
  assert.equal(excluded.rebuilt[0], [3, ['a.txt']]);
  const ctx = ciClone();
  copyRecords(ctx, 'ci', 'elsewhere', (b) => { b.run.context = 'src'; });
  const elsewhere = await staged(ctx, () => write(ctx, 'a.txt', 'a, edited\n'), 'elsewhere');
  assert.equal(elsewhere.patched, [], 'built from src/, not the root');
  rmSync(path.dirname(ctx), { recursive: true, force: true });
  rmSync(path.dirname(dir), { recursive: true, force: true });
});

t('checks made after a pull from the commit\'s tree answer the first check, with the report the full derivation gives', async () => {
  const dir = ciClone();
  const gitDir = path.join(dir, '.git');
  rmSync(path.join(gitDir, 'layerplan', 'checked-selections'), { force: true });
  assert.ok((await rememberChecks(dir, gitDir, 'ci')) >= 4, 'a check per source, with and without wildcards where literal');
  write(dir, 'docs/readme.md', 'docs, edited\n');
  git(dir, 'add', '-A');
  const opts = { cwd: dir, against: 'ci', files: [], context: null, exclude: [], config: null, rules: new Map(), env: {}, arch: 'x64' };
  const first = await checkAgainstShared(opts, 'ci');
  assert.equal(first.shared.selections, { known: 1, checked: 0 }, 'planned from the checks made after the pull');
  const r = await checkBothWays(dir, 'ci');
  assert.equal(r.reports, first.reports);
  rmSync(path.dirname(dir), { recursive: true, force: true });
});

t.run();
