/**
 * One fuzz case: made from (seed, index) alone, written to a folder, run
 * through the real CLI entry point (`main`, in this process), and judged:
 * no internal error, no crash, an exit code layerplan documents, every
 * error naming its place, no file content in an error, lint reporting every
 * Dockerfile it was given.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { mutateDockerfile } from './mutate-dockerfile.js';
import { mutateImage, type ImageMutant, type ImageSeeds } from './mutate-image.js';
import { caseSeed, Rng } from './rng.js';

export interface Seeds {
  readonly dockerfiles: readonly string[];
  readonly images: ImageSeeds;
}

export type CaseKind = 'build' | 'lint' | 'inspect';

export interface FuzzCase {
  readonly index: number;
  readonly kind: CaseKind;
  readonly mutations: readonly string[];
  /** Writes the inputs under `dir`; returns the argv (absolute paths) to run there. */
  readonly materialize: (dir: string) => string[];
}

export interface Outcome {
  readonly index: number;
  readonly kind: CaseKind;
  readonly mutations: readonly string[];
  readonly argv: readonly string[];
  readonly exitCode: number | null;
  readonly stderr: string;
  /** Why the outcome breaks a rule; empty when it is fine. */
  readonly problems: readonly string[];
  readonly ms: number;
}

/** The seeds: the committed corpus of real Dockerfiles and the recorded image fixtures. */
export function loadSeeds(repoRoot: string): Seeds {
  const corpusDir = path.join(repoRoot, 'test/fuzz/corpus');
  const dockerfiles = readdirSync(corpusDir).filter((f) => f.endsWith('.Dockerfile')).sort().map((f) => readFileSync(path.join(corpusDir, f), 'utf8'));
  const images = path.join(repoRoot, 'test/fixtures/images');
  const archives = readdirSync(images).filter((f) => f.endsWith('.tar')).sort().map((f) => readFileSync(path.join(images, f)));
  const layoutDir = path.join(images, 'oci-layout-buildah');
  const layout = new Map<string, Buffer>();
  for (const rel of listFiles(layoutDir)) layout.set(rel, readFileSync(path.join(layoutDir, rel)));
  return { dockerfiles, images: { archives, layout } };
}

export function makeCase(seed: number, index: number, seeds: Seeds): FuzzCase {
  const rng = new Rng(caseSeed(seed, index));
  const roll = rng.next();
  if (roll < 0.55) return buildCase(index, rng, seeds);
  if (roll < 0.7) return lintCase(index, rng, seeds);
  return inspectCase(index, mutateImage(rng, seeds.images));
}

const CONTEXT_FILES: Record<string, string> = {
  'package.json': '{"name":"x","version":"1.0.0"}\n', 'package-lock.json': '{}\n', 'requirements.txt': 'flask\n', 'go.mod': 'module x\n', 'go.sum': '',
  'app.py': 'print(1)\n', 'src/index.js': 'console.log(1)\n', 'main.go': 'package main\n', 'pom.xml': '<project/>\n', 'Cargo.toml': '[package]\n',
};

function writeContext(ctx: string, dockerfile: string, rng: Rng): string[] {
  mkdirSync(path.join(ctx, 'src'), { recursive: true });
  for (const [rel, text] of Object.entries(CONTEXT_FILES)) writeFileSync(path.join(ctx, rel), text);
  const hazard = rng.chance(0.12) ? rng.pick(['ignoreFifo', 'dockerfileFifo', 'fileFifo', 'ignoreDevZero', 'ignoreDir', 'linkOut']) : null;
  const df = path.join(ctx, 'Dockerfile');
  if (hazard === 'dockerfileFifo') mkfifo(df);
  else writeFileSync(df, dockerfile);
  if (hazard === 'ignoreFifo') mkfifo(path.join(ctx, rng.chance(0.5) ? '.dockerignore' : 'Dockerfile.dockerignore'));
  if (hazard === 'fileFifo') mkfifo(path.join(ctx, 'src', 'pipe'));
  if (hazard === 'ignoreDevZero') symlinkSync('/dev/zero', path.join(ctx, '.dockerignore'));
  if (hazard === 'ignoreDir') mkdirSync(path.join(ctx, '.dockerignore'));
  if (hazard === 'linkOut') symlinkSync('/etc', path.join(ctx, 'etc-link'));
  return hazard ? [`context:${hazard}`] : [];
}

function buildCase(index: number, rng: Rng, seeds: Seeds): FuzzCase {
  const { text, mutations } = mutateDockerfile(rng, seeds.dockerfiles);
  const hazardRng = new Rng(Math.floor(rng.next() * 2 ** 32));
  const all = [...mutations];
  return {
    index, kind: 'build', mutations: all,
    materialize: (dir) => {
      const ctx = path.join(dir, 'ctx');
      all.push(...writeContext(ctx, text, hazardRng));
      return ['build', '--dry-run', '--json', '--cache-dir', path.join(dir, 'cache'), ctx];
    },
  };
}

function lintCase(index: number, rng: Rng, seeds: Seeds): FuzzCase {
  const mutants = [mutateDockerfile(rng, seeds.dockerfiles), mutateDockerfile(rng, seeds.dockerfiles)];
  const clean = rng.pick(seeds.dockerfiles);
  return {
    index, kind: 'lint', mutations: mutants.flatMap((m) => m.mutations),
    materialize: (dir) => {
      const repo = dir;
      for (const [name, text] of [['a', mutants[0]!.text], ['b', mutants[1]!.text], ['c', clean]] as const) {
        mkdirSync(path.join(repo, name), { recursive: true });
        writeFileSync(path.join(repo, name, 'Dockerfile'), text);
        writeFileSync(path.join(repo, name, 'package.json'), '{}\n');
      }
      execFileSync('git', ['init', '-q', repo]);
      execFileSync('git', ['-C', repo, 'add', '-A']);
      return ['lint', '--format', 'json', '--fail-on', 'never', path.join(repo, 'a/Dockerfile'), path.join(repo, 'b/Dockerfile'), path.join(repo, 'c/Dockerfile')];
    },
  };
}

function inspectCase(index: number, mutant: ImageMutant): FuzzCase {
  return {
    index, kind: 'inspect', mutations: mutant.mutations,
    materialize: (dir) => {
      const source = path.join(dir, mutant.kind === 'archive' ? 'image.tar' : 'layout');
      if (mutant.kind === 'archive') writeFileSync(source, mutant.bytes);
      else {
        for (const [rel, member] of mutant.members) {
          const file = path.join(source, rel);
          mkdirSync(path.dirname(file), { recursive: true });
          if (Buffer.isBuffer(member)) writeFileSync(file, member);
          else if ('symlink' in member) symlinkSync(member.symlink, file);
          else mkfifo(file);
        }
      }
      return ['inspect', '--json', source];
    },
  };
}

/** Runs a case in this process. `dir` must be empty and private to the case. */
export async function runCase(c: FuzzCase, dir: string): Promise<Outcome> {
  const argv = c.materialize(dir);
  const out = new Capture();
  const err = new Capture();
  const started = Date.now();
  let exitCode: number | null = null;
  const problems: string[] = [];
  const before = process.cwd();
  try {
    process.chdir(dir);
    const env = { ...process.env, LAYERPLAN_NO_ENGINE: '1', DOCKER_HOST: 'unix:///nonexistent/docker.sock', NO_COLOR: '1', CI: 'true' };
    exitCode = await main(argv, { stdout: out, stderr: err, stdin: process.stdin, env, cwd: dir });
  } catch (e) {
    problems.push(`crash: main threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  } finally {
    process.chdir(before);
  }
  const stderr = err.text();
  problems.push(...judge(c, argv, exitCode, stderr, out.text()));
  return { index: c.index, kind: c.kind, mutations: c.mutations, argv, exitCode, stderr, problems, ms: Date.now() - started };
}

const EXITS: Record<CaseKind, readonly number[]> = { build: [0, 3, 10], lint: [0, 1, 3], inspect: [0, 3] };

function judge(c: FuzzCase, argv: readonly string[], exitCode: number | null, stderr: string, stdout: string): string[] {
  const problems: string[] = [];
  if (/internal error/.test(stderr)) problems.push('internal error');
  if (exitCode !== null && !EXITS[c.kind].includes(exitCode)) problems.push(`exit code ${exitCode}`);
  if (/root:x:0:0|secret-/.test(stderr)) problems.push('an error prints file content');
  const errors = stderr.split('\n').filter((l) => l.startsWith('layerplan: ') && !/^layerplan: (warning|note)/.test(l));
  const place = placeOf(c.kind, argv);
  for (const line of errors) if (!place.test(line)) problems.push(`error without a location: ${line.slice(0, 200)}`);
  if (c.kind === 'lint' && exitCode !== 3) problems.push(...lintCoverage(stdout));
  return problems;
}

/** Where an error must point: the Dockerfile (with a line when it is about its text), the context, or the image. */
function placeOf(kind: CaseKind, argv: readonly string[]): RegExp {
  const last = argv[argv.length - 1] ?? '';
  if (kind === 'inspect') return new RegExp(escape(last));
  return new RegExp(`Dockerfile(:\\d+)?|${escape(kind === 'lint' ? path.dirname(path.dirname(last)) : last)}`);
}

/** Lint goes on past a Dockerfile it cannot plan: all three are in the report, each LP001 with a line. */
function lintCoverage(stdout: string): string[] {
  let report: { dockerfiles?: { dockerfile: string }[]; findings?: { ruleId: string; line?: number | null; dockerfile: string }[] };
  try {
    report = JSON.parse(stdout);
  } catch {
    return ['lint --format json did not print JSON'];
  }
  const problems: string[] = [];
  const seen = new Set((report.dockerfiles ?? []).map((d) => d.dockerfile));
  for (const name of ['a/Dockerfile', 'b/Dockerfile', 'c/Dockerfile']) if (!seen.has(name)) problems.push(`lint left out ${name}`);
  for (const f of report.findings ?? []) if (f.ruleId === 'LP001' && !(typeof f.line === 'number' && f.line > 0)) problems.push(`LP001 without a line in ${f.dockerfile}`);
  return problems;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function mkfifo(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('mkfifo', [file]);
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}

/** Keeps the first 256 KB written (enough to judge; a mutant's plan can be large). */
class Capture extends Writable {
  private parts: Buffer[] = [];
  private size = 0;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    if (this.size < 256 * 1024) this.parts.push(buf);
    this.size += buf.length;
    done();
  }
  text(): string {
    return Buffer.concat(this.parts).toString('utf8');
  }
}
