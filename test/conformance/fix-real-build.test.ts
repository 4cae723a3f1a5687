/**
 * `layerplan fix` against real builders (npm run test:conformance only): for a
 * few badly ordered Dockerfiles, the original and the rewritten one are built
 * from the same context with BuildKit and buildah, and the images must hold
 * the same files (path, type, mode, owner, content or link target; mtimes
 * aside). Then a README edit: the install step stays cached with the rewrite
 * and is rebuilt without it. The rewrite is taken with --no-ignore, since the
 * suggested .dockerignore lines take files out of the image on purpose.
 * Reported as skipped when neither builder is here; with one, the other's part prints "SKIPPED: <why>". Everything it
 * creates is named lpfix-* and removed afterwards (BuildKit's build cache
 * entries stay: they cannot be told apart from others' by a filter).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { unless } from '../_helpers/skip.js';
import { layerplan, repoRoot } from '../_helpers/cli.js';
import { DOCKER_CLI, findOrStartEngine, type RealEngine } from '../engine/_helpers/real-engine.js';
import { differences, extract, listing } from './_helpers/image-files.js';

const s = suite('conformance/fix-real-build');
const buildersSh = path.join(repoRoot, 'test', 'conformance', 'builders.sh');

interface FixCase {
  readonly name: string;
  readonly dockerfile: string;
  /** Build targets to compare (null: the last stage). */
  readonly targets: readonly (string | null)[];
}

// The installs run only busybox: a shell function named npm reads the manifests, so the rules still see `npm ci`.
const npmReading = (dir: string, out: string): string => `npm() { cat ${dir}package.json ${dir}package-lock.json > ${out}; }; npm ci`;

const CASES: readonly FixCase[] = [
  {
    name: 'root',
    dockerfile: `FROM busybox:local\nCOPY . .\nRUN ${npmReading('', '/deps.txt')}\nRUN cat src/index.js /deps.txt > /built.txt\n`,
    targets: [null],
  },
  {
    name: 'workdir',
    dockerfile: `FROM busybox:local\nWORKDIR /srv/app\nCOPY --chown=65534:65534 . ./code/\nENV NODE_ENV=production\nRUN ${npmReading('code/', '/srv/deps.txt')}\nRUN cat code/src/index.js > built.js\n`,
    targets: [null],
  },
  {
    name: 'multistage',
    dockerfile: `FROM busybox:local AS deps\nWORKDIR /app\nCOPY . .\nRUN ${npmReading('', 'deps.txt')}\n\nFROM busybox:local\nWORKDIR /app\nCOPY --from=deps /app /app\nRUN cat deps.txt src/index.js > /built.txt\n`,
    targets: [null, 'deps'],
  },
];

/** A committed Node-style project: the context both Dockerfiles build from (.git stays out of it). */
function project(c: FixCase): string {
  const dir = mkdtempSync(path.join(tmpdir(), `lpfix-${c.name}-`));
  const files: Record<string, string> = {
    Dockerfile: c.dockerfile,
    '.dockerignore': '.git\n',
    'package.json': '{"name":"x","version":"1.0.0"}\n',
    'package-lock.json': '{"lockfileVersion":3}\n',
    'README.md': '# x\n',
    'src/index.js': 'console.log(1)\n',
    'tools/run me.sh': '#!/bin/sh\necho run\n',
  };
  for (const [p, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), body);
  }
  chmodSync(path.join(dir, 'tools/run me.sh'), 0o755);
  symlinkSync('index.js', path.join(dir, 'src/main.js'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  return dir;
}

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.is(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
}

/** The Dockerfile as `layerplan fix --write --no-ignore` rewrites it; the original is put back. */
function rewritten(dir: string): string {
  const file = path.join(dir, 'Dockerfile');
  const original = readFileSync(file, 'utf8');
  const r = layerplan(['fix', '--write', '--no-ignore'], { cwd: dir });
  assert.is(r.status, 0, r.stderr);
  const fixed = readFileSync(file, 'utf8');
  writeFileSync(file, original);
  assert.is.not(fixed, original, `layerplan fix left the Dockerfile alone: ${r.stderr}`);
  return fixed;
}

// ---- builders -------------------------------------------------------------

interface ReportedStep {
  readonly text: string;
  readonly cached: boolean;
}

/** One real builder: builds, lists an image's files (into a folder), says which steps it took from the cache. */
interface Builder {
  readonly name: string;
  build(context: string, dockerfile: string, tag: string, target: string | null): ReportedStep[];
  /** The image's root file system, copied out under `into`. */
  exportFiles(tag: string, into: string): void;
  cleanUp(): Promise<void>;
}

/** The step parsers of the conformance recorder (test/conformance/lib/builders.mjs), shared rather than copied. */
interface StepParsers {
  readonly buildkit: { parse(output: string): ReportedStep[] };
  readonly buildah: { parse(output: string): ReportedStep[] };
}

async function stepParsers(): Promise<StepParsers> {
  return (await import(pathToFileURL(path.join(repoRoot, 'test', 'conformance', 'lib', 'builders.mjs')).href)) as StepParsers;
}

function mustRun(cmd: string, args: readonly string[], env: Record<string, string> = {}, input?: Buffer): string {
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, input, encoding: 'utf8', maxBuffer: 256 << 20, timeout: 600_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

function buildersEnv(): Record<string, string> {
  const out = mustRun('bash', [buildersSh, 'env']);
  return Object.fromEntries(out.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

async function buildKit(started: boolean, parsers: StepParsers): Promise<Builder | string> {
  const engine: RealEngine | string = started ? { env: { DOCKER_HOST: buildersEnv()['DOCKER_HOST'] ?? '' }, stop: async () => {} } : await findOrStartEngine();
  if (typeof engine === 'string') return engine;
  const env = { ...engine.env, DOCKER_BUILDKIT: '1' };
  const docker = (...args: string[]): string => mustRun(DOCKER_CLI, args, env);
  if (spawnSync(DOCKER_CLI, ['image', 'inspect', 'busybox:local'], { env: { ...process.env, ...env } }).status !== 0) {
    await engine.stop();
    return `the engine at ${engine.env['DOCKER_HOST'] ?? 'its default socket'} has no busybox:local (test/conformance/builders.sh start imports it)`;
  }
  const tags = new Set<string>();
  return {
    name: 'buildkit',
    build(context, dockerfile, tag, target) {
      tags.add(tag);
      const out = docker('build', '--network', 'none', '--progress=plain', '-t', tag, '-f', dockerfile, ...(target ? ['--target', target] : []), context);
      return parsers.buildkit.parse(out);
    },
    exportFiles(tag, into) {
      const container = docker('create', tag, 'true').trim();
      try {
        const tarFile = `${into}.tar`;
        docker('export', '-o', tarFile, container);
        extract(tarFile, into);
      } finally {
        docker('rm', container);
      }
    },
    async cleanUp() {
      for (const tag of tags) spawnSync(DOCKER_CLI, ['rmi', '-f', tag], { env: { ...process.env, ...env } });
      await engine.stop();
    },
  };
}

/** buildah with a store of its own, so nothing of anyone else's is touched and all of it can go afterwards. */
function buildah(started: boolean, parsers: StepParsers): Builder | string {
  if (!started) return 'builders.sh start failed (see above)';
  const store = mkdtempSync(path.join(tmpdir(), 'lpfix-buildah-'));
  const flags = ['--storage-driver', 'vfs', '--root', path.join(store, 'root'), '--runroot', path.join(store, 'run')];
  mustRun('bash', [buildersSh, 'buildah-base', ...flags]);
  const run = (...args: string[]): string => mustRun('buildah', [...flags, ...args]);
  return {
    name: 'buildah',
    build(context, dockerfile, tag, target) {
      const out = run('bud', '--layers', '--isolation', 'chroot', '-t', tag, '-f', dockerfile, ...(target ? ['--target', target] : []), context);
      return parsers.buildah.parse(out);
    },
    exportFiles(tag, into) {
      const container = run('from', '--pull-never', '--quiet', tag).trim().split('\n').pop() ?? '';
      try {
        const mounted = run('mount', container).trim();
        const tarFile = `${into}.tar`;
        mustRun('tar', ['-C', mounted, '-cf', tarFile, '.']);
        extract(tarFile, into);
      } finally {
        run('rm', container);
      }
    },
    async cleanUp() {
      spawnSync('buildah', [...flags, 'rm', '--all']);
      spawnSync('buildah', [...flags, 'rmi', '--all', '--force']);
      rmSync(store, { recursive: true, force: true });
    },
  };
}

function installStep(steps: readonly ReportedStep[], builder: string): ReportedStep {
  const found = steps.filter((s) => s.text.includes('npm ci'));
  assert.is(found.length, 1, `${builder} reported ${found.length} install steps: ${JSON.stringify(steps)}`);
  return found[0]!;
}

// ---- the tests ------------------------------------------------------------

const started = spawnSync('bash', [buildersSh, 'start'], { encoding: 'utf8', timeout: 120_000 });
if (started.status !== 0) console.log(`fix-real-build: builders.sh start said:\n${`${started.stdout}${started.stderr}`.trim()}`);
// Known at load: with neither builder, each test is reported as skipped (with the reasons), never as passed.
const parsers = await stepParsers();
const builders: (Builder | string)[] = [await buildKit(started.status === 0, parsers), buildah(started.status === 0, parsers)];
const missing = builders.every((b) => typeof b === 'string') ? `no builder: BuildKit: ${String(builders[0])}; buildah: ${String(builders[1])}` : null;
const test = unless(s, 'conformance/fix-real-build', missing);

s.after(async () => {
  for (const b of builders) if (typeof b !== 'string') await b.cleanUp();
});

for (const c of CASES) {
  test(`${c.name}: the rewritten Dockerfile builds the same files, and a README edit keeps the install cached`, () => {
    const dir = project(c);
    const work = mkdtempSync(path.join(tmpdir(), `lpfix-${c.name}-out-`));
    try {
      const files = { original: path.join(work, 'original.Dockerfile'), fixed: path.join(work, 'fixed.Dockerfile') };
      writeFileSync(files.original, c.dockerfile);
      writeFileSync(files.fixed, rewritten(dir));
      for (const [i, b] of builders.entries()) {
        if (typeof b === 'string') {
          console.log(`SKIPPED: fix-real-build ${c.name} with ${i === 0 ? 'BuildKit' : 'buildah'}: ${b}`);
          continue;
        }
        const tag = (variant: string, target: string | null): string => `lpfix-${c.name}-${variant}${target ? `-${target}` : ''}:test`;
        for (const target of c.targets) {
          const lists = (['original', 'fixed'] as const).map((variant) => {
            b.build(dir, files[variant], tag(variant, target), target);
            const into = path.join(work, `${b.name}-${variant}-${target ?? 'last'}`);
            b.exportFiles(tag(variant, target), into);
            return listing(into);
          });
          assert.ok(lists[0]!.some((l) => l.includes('package-lock.json')), `the export looks empty: ${lists[0]!.join('\n')}`);
          assert.equal(differences(lists[0]!, lists[1]!), [], `${b.name}, ${c.name}, target ${target ?? '(last)'}: the images differ (- original, + fixed)`);
        }
        writeFileSync(path.join(dir, 'README.md'), `# x\n\nedited ${randomUUID()}\n`);
        const fixedRun = installStep(b.build(dir, files.fixed, tag('fixed', null), null), b.name);
        const originalRun = installStep(b.build(dir, files.original, tag('original', null), null), b.name);
        assert.ok(fixedRun.cached, `${b.name}: with the fix, the install is rebuilt after a README edit`);
        assert.not.ok(originalRun.cached, `${b.name}: without the fix, the install stays cached after a README edit (the test shows nothing)`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
    }
  });
}

s.run();
