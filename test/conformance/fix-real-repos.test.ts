/**
 * Every fix `layerplan fix` suggests for the real repositories' Dockerfiles of test/conformance/fixtures/fix-real/
 * (sources and licences in each case.json; found by scanning docker/awesome-compose, dockersamples/* and others,
 * see FINDINGS.md) builds, with Docker Engine 28.5 and offline, to the same files as the original (npm run
 * test:conformance only). Both Dockerfiles are first made buildable offline the same way (_helpers/offline-dockerfile.ts:
 * busybox:local for every base, stand-ins that record what each install or build step reads), then every stage
 * of both is built and its files compared (type, mode, owner, content). The .dockerignore lines `fix` adds take
 * files out of the image on purpose: with them, the image must lack exactly those files and nothing else.
 * The engine is the shared one on /tmp/d28 (bash ../shared/builders/setup-docker.sh), or DOCKER_HOST with
 * LAYERPLAN_DOCKER; without one the tests are skipped and say why. Images it makes are named lpfixreal-* and removed.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isExcluded, parseIgnoreFile } from '../../src/ignore/dockerignore.js';
import { layerplan } from '../_helpers/cli.js';
import { fixRealCases, fixRealMissing, layOut, type FixRealCase } from '../_helpers/fix-real-cases.js';
import { unless } from '../_helpers/skip.js';
import { differences, extract, listing } from './_helpers/image-files.js';
import { offlineDockerfile } from './_helpers/offline-dockerfile.js';

const s = suite('conformance/fix-real-repos');

const DOCKER = process.env.LAYERPLAN_DOCKER ?? '/tmp/d28/bin/docker';
const ENV: Record<string, string> = process.env.LAYERPLAN_DOCKER
  ? {}
  : { DOCKER_HOST: process.env.DOCKER_HOST ?? 'unix:///tmp/d28/docker.sock', DOCKER_CONFIG: process.env.DOCKER_CONFIG ?? '/tmp/d28/cfg' };

function docker(args: readonly string[]): { status: number | null; out: string; stdout: string } {
  const r = spawnSync(DOCKER, args, { env: { ...process.env, ...ENV, DOCKER_BUILDKIT: '1' }, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 600_000 });
  return { status: r.status, stdout: r.stdout ?? '', out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}` };
}

function engineMissing(): string | null {
  if (!existsSync(DOCKER)) return `${DOCKER} is absent (bash ../shared/builders/setup-docker.sh, or set LAYERPLAN_DOCKER)`;
  const v = docker(['version', '--format', '{{.Server.Version}}']);
  if (v.status !== 0) return `no Docker Engine answers at ${ENV['DOCKER_HOST'] ?? 'DOCKER_HOST'} (${v.out.trim().split('\n').pop() ?? ''})`;
  if (docker(['image', 'inspect', 'busybox:local']).status !== 0) return 'the engine has no busybox:local (setup-docker.sh imports it)';
  return null;
}

const missing = engineMissing();
const marker = randomUUID();
const tags = new Set<string>();
const tally = { dockerfiles: 0, stages: 0, builds: 0, ignoreChecked: 0 };

s.after(() => {
  for (const tag of tags) docker(['rmi', '-f', tag]);
  if (!missing) console.log(`fix-real-repos: ${tally.dockerfiles} fixed Dockerfiles, ${tally.stages} stages, ${tally.builds} builds with Docker ${docker(['version', '--format', '{{.Server.Version}}']).out.trim()}; ${tally.ignoreChecked} .dockerignore additions checked`);
});

interface Variants {
  readonly dockerfiles: Readonly<Record<string, { original: string; fixed: string }>>;
  /** The ignore file before and after `fix --write` (null: none). */
  readonly ignore: { original: string | null; fixed: string | null };
}

/** The case's Dockerfiles and .dockerignore as committed, and as `fix --write` (and `--no-ignore`) leaves them. */
function variants(c: FixRealCase, root: string, context: string): Variants {
  const read = (f: string): string | null => (existsSync(path.join(context, f)) ? readFileSync(path.join(context, f), 'utf8') : null);
  const original = Object.fromEntries(c.dockerfiles.map((f) => [f, read(f) ?? '']));
  const ignore = read('.dockerignore');
  const noIgnore = layerplan(['fix', '--write', '--no-ignore'], { cwd: root });
  assert.is(noIgnore.status, 0, noIgnore.stderr);
  assert.is(read('.dockerignore'), ignore, '--no-ignore left .dockerignore alone');
  const fixedNoIgnore = Object.fromEntries(c.dockerfiles.map((f) => [f, read(f) ?? '']));
  spawnSync('git', ['checkout', '--', '.'], { cwd: root });
  const full = layerplan(['fix', '--write'], { cwd: root });
  assert.is(full.status, 0, full.stderr);
  for (const f of c.dockerfiles) assert.is(read(f), fixedNoIgnore[f], `${f}: the same rewrite with and without --no-ignore`);
  const fixedIgnore = read('.dockerignore');
  spawnSync('git', ['checkout', '--', '.'], { cwd: root });
  if (ignore === null && existsSync(path.join(context, '.dockerignore'))) unlinkSync(path.join(context, '.dockerignore'));
  return {
    dockerfiles: Object.fromEntries(c.dockerfiles.map((f) => [f, { original: original[f] ?? '', fixed: fixedNoIgnore[f] ?? '' }])),
    ignore: { original: ignore, fixed: fixedIgnore },
  };
}

/** Builds `dockerfile` (a path outside the context) to `stage` with the given .dockerignore, and lists the image's files. */
function buildAndList(context: string, dockerfile: string, stage: string, ignore: string | null, work: string, label: string): string[] {
  const ignoreFile = path.join(context, '.dockerignore');
  if (ignore === null) rmSync(ignoreFile, { force: true });
  else writeFileSync(ignoreFile, ignore);
  const tag = `lpfixreal-${label}:${marker.slice(0, 8)}`.toLowerCase().replace(/[^a-z0-9:._-]/g, '-');
  tags.add(tag);
  const built = docker(['build', '--network', 'none', '--progress=plain', '-t', tag, '-f', dockerfile, '--target', stage, context]);
  assert.is(built.status, 0, `${label}: the build failed:\n${built.out.split('\n').slice(-30).join('\n')}`);
  tally.builds++;
  const created = docker(['create', tag, 'true']);
  assert.is(created.status, 0, created.out);
  const container = created.stdout.trim();
  const tarFile = path.join(work, `${label}.tar`);
  try {
    const exported = docker(['export', '-o', tarFile, container]);
    assert.is(exported.status, 0, exported.out);
  } finally {
    docker(['rm', container]);
  }
  const into = path.join(work, label);
  extract(tarFile, into);
  const files = listing(into);
  rmSync(into, { recursive: true, force: true });
  return files;
}

/** Paths under `dir` (folders too), relative, `.git` included: what a COPY of the whole context could bring. */
function contextPaths(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel === '' ? e.name : `${rel}/${e.name}`;
    return e.isDirectory() ? [p, ...contextPaths(dir, p)] : [p];
  });
}

/** Context paths the fixed .dockerignore leaves out that the original one let in. */
function newlyIgnored(context: string, v: Variants): string[] {
  if (v.ignore.fixed === v.ignore.original || v.ignore.fixed === null) return [];
  const before = v.ignore.original === null ? null : parseIgnoreFile(v.ignore.original);
  const after = parseIgnoreFile(v.ignore.fixed);
  return contextPaths(context).filter((p) => isExcluded(after, p) && !(before && isExcluded(before, p)));
}

/** A stand-in's record (or a copy of one a stage copied out): fewer context files give another record, by design. */
const RECORD = /(^|\/)(\.lp-install-|(run|install)-)[0-9a-f]{10}-\d+$/;

/**
 * With the fixed .dockerignore, the image lacks exactly newly ignored context paths, wherever the COPY put them.
 * The stand-ins' records are left out here: the steps see fewer files, which is what `fix` says to review.
 */
function onlyIgnoredFilesGone(diff: readonly string[], ignored: readonly string[], label: string): number {
  const files = diff.filter((l) => !RECORD.test(l.slice(2).split(' ')[0] ?? ''));
  const gone = files.filter((l) => l.startsWith('- ')).map((l) => l.slice(2).split(' ')[0] ?? '');
  const added = files.filter((l) => l.startsWith('+ '));
  assert.equal(added, [], `${label}: the ignore lines added files to the image`);
  const explained = (p: string): boolean => ignored.some((f) => p === f || p.endsWith(`/${f}`));
  assert.equal(gone.filter((p) => !explained(p)), [], `${label}: files gone that the new .dockerignore lines do not name`);
  return gone.length;
}

for (const c of fixRealCases()) {
  unless(s, 'conformance/fix-real-repos', missing ?? fixRealMissing(c))(`${c.name} (${c.repository}@${c.commit.slice(0, 8)} ${c.context}, ${c.license}): the fixed Dockerfiles build every stage to the same files offline`, () => {
    assert.equal(c.lifecycleScripts, {}, 'an install lifecycle script reads what a stand-in install cannot know; this case cannot be proven here');
    const { root, context } = layOut(c);
    const work = mkdtempSync(path.join(tmpdir(), `lpfixreal-${c.name}-`));
    try {
      const v = variants(c, root, context);
      const ignored = newlyIgnored(context, v);
      for (const [file, texts] of Object.entries(v.dockerfiles)) {
        assert.is.not(texts.fixed, texts.original, `${file}: fix changed nothing`);
        const original = offlineDockerfile(texts.original, marker);
        const fixed = offlineDockerfile(texts.fixed, marker);
        assert.equal(fixed.stages, original.stages);
        const paths = { original: path.join(work, `${file}.original`), fixed: path.join(work, `${file}.fixed`) };
        writeFileSync(paths.original, original.text);
        writeFileSync(paths.fixed, fixed.text);
        tally.dockerfiles++;
        let goneWithIgnore = 0;
        for (const stage of original.stages) {
          const label = `${c.name}-${file}-${stage}`;
          const before = buildAndList(context, paths.original, stage, v.ignore.original, work, `${label}-original`);
          assert.ok(before.some((l) => RECORD.test(l.split(' ')[0] ?? '')), `${label}: no stand-in's record in the image; the comparison would show little`);
          const after = buildAndList(context, paths.fixed, stage, v.ignore.original, work, `${label}-fixed`);
          assert.equal(differences(before, after), [], `${label}: the images differ (- original, + fixed)`);
          tally.stages++;
          if (ignored.length) {
            const withIgnore = buildAndList(context, paths.fixed, stage, v.ignore.fixed, work, `${label}-fixed-ignore`);
            goneWithIgnore += onlyIgnoredFilesGone(differences(before, withIgnore), ignored, label);
            tally.ignoreChecked++;
          }
        }
        // Some stage copies the context: the check above shows nothing if the new lines took nothing out of any.
        if (ignored.length) assert.ok(goneWithIgnore > 0, `${file}: the new .dockerignore lines took nothing out of any stage`);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
    }
  });
}

s.run();
