/**
 * The repository's own replay of recorded real-builder cases (test/conformance/cases/*.json, the format of
 * shared/conformance): each case's context is laid out, each build's edits applied, and
 * `layerplan build --json` is run in-process (through cli/main, as a user's argv) on it; every step the
 * builder reported is then compared with layerplan's status for that line. A case passes when every step
 * is right; an "uncertain" case also accepts a step layerplan marks `certain: false`.
 *
 * Each replayed build stands for a real one, so it is recorded: with `--assume-built` where the CLI has
 * that flag (a plan alone records nothing), as shared/conformance/replay.mjs does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { main } from '../../../src/cli/main.js';
import { argChanges, checkReason, type JsonStep } from './reason-check.js';

/** A --builder value, NAME or NAME@VERSION; NAME picks the recorded side. */
export type Builder = string;
type Side = 'buildkit' | 'buildah';

/** dist/test/replay/_helpers → the repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const ownCasesDir = path.join(repoRoot, 'test', 'conformance', 'cases');
/** Recordings made with docker build flags the shared replay script does not pass (--network, --no-cache, --build-context, ...). */
export const ownFlagCasesDir = path.join(ownCasesDir, 'flags');

type Edit = Record<string, unknown>;

interface RecordedStep {
  readonly line: number;
  readonly text: string;
  readonly cached: boolean;
}

/** One build of a sequence: its edits, then docker build's flags as the recorder passed them (record.mjs). */
interface RecordedBuild {
  readonly edits?: readonly Edit[];
  readonly args?: Record<string, string>;
  readonly target?: string;
  readonly file?: string;
  readonly network?: string;
  readonly noCache?: boolean;
  readonly noCacheFilter?: readonly string[];
  /** NAME → a folder relative to the context, or docker-image://REF. */
  readonly buildContexts?: Record<string, string>;
  readonly platform?: readonly string[];
}

/** The build's flags beyond -f, --build-arg and --target, as `layerplan build` takes them. */
function buildFlags(build: RecordedBuild, dir: string): string[] {
  const argv: string[] = [];
  if (build.noCache) argv.push('--no-cache');
  for (const s of build.noCacheFilter ?? []) argv.push('--no-cache-filter', s);
  for (const [n, p] of Object.entries(build.buildContexts ?? {})) argv.push('--build-context', `${n}=${/^[a-z-]+:\/\//.test(p) ? p : path.join(dir, p)}`);
  for (const p of build.platform ?? []) argv.push('--platform', p);
  return argv;
}

export interface RecordedCase {
  readonly scenario: {
    readonly name: string;
    readonly category?: string;
    readonly file?: string;
    readonly files?: Record<string, string>;
    readonly setup?: readonly Edit[];
    readonly builds: readonly RecordedBuild[];
    /** The build's --network (the recordings here are made with --network none: the engines have no bridge). */
    readonly network?: string;
  };
  readonly result: {
    readonly category?: string;
    /** Per build, per builder: the steps it reported, or null where the build failed. */
    readonly builds: readonly Partial<Record<Side, readonly RecordedStep[] | null>>[];
    /** The builder versions that recorded it; absent: dockerd 20.10 and buildah 1.28. */
    readonly versions?: Partial<Record<Side, string>>;
  };
}

export interface CaseOutcome {
  readonly steps: number;
  /** One line per step predicted wrong, or build that gave no plan: `#build line N TEXT: builder X, layerplan Y`. */
  readonly wrong: readonly string[];
  /** Rebuilt steps whose reason was checked against the edit, and the reasons that did not fit it. */
  readonly reasonsChecked: number;
  readonly badReasons: readonly string[];
}

interface PlannedJson {
  readonly steps?: readonly JsonStep[];
}

/** The edit semantics the recorder uses (test/conformance/lib/edits.mjs), so recording and replay agree. */
type ApplyEdit = (dir: string, edit: Edit) => void;
let editsModule: Promise<{ applyEdit: ApplyEdit }> | null = null;
function edits(): Promise<{ applyEdit: ApplyEdit }> {
  editsModule ??= import(pathToFileURL(path.join(repoRoot, 'test', 'conformance', 'lib', 'edits.mjs')).href) as Promise<{ applyEdit: ApplyEdit }>;
  return editsModule;
}

/** `layerplan ARGV` in this process; no engine is asked (the recordings' base is busybox:local either way). */
async function layerplan(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const env = { ...process.env, NO_COLOR: '1', CI: 'true', DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
  const code = await main(argv, { stdout, stderr, stdin: new PassThrough(), env, cwd: repoRoot });
  return { code, stdout: out, stderr: err };
}

let assumeBuilt: Promise<string[]> | null = null;
/** `--assume-built` when `layerplan build --help` lists it. */
function recordFlag(): Promise<string[]> {
  assumeBuilt ??= layerplan(['build', '--help']).then((r) => (/--assume-built/.test(r.stdout + r.stderr) ? ['--assume-built'] : []));
  return assumeBuilt;
}

export function readCases(dir: string): { file: string; recorded: RecordedCase }[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((file) => ({ file, recorded: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as RecordedCase }));
}

/** The --builder value that models the version a case was recorded with (`result.versions`, else 20.10 / 1.28). */
export function modelFor(side: Side, recorded: RecordedCase): Builder {
  const version = recorded.result.versions?.[side] ?? (side === 'buildah' ? '1.28' : '20.10');
  return side === 'buildah' && version.startsWith('1.28') ? 'buildah@1.28' : side;
}

export async function replayCase(recorded: RecordedCase, builder: Builder): Promise<CaseOutcome> {
  const { scenario, result } = recorded;
  const side = builder.split('@')[0] as Side;
  const { applyEdit } = await edits();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lp-replay-'));
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'lp-replay-cache-'));
  const uncertain = (scenario.category ?? result.category) === 'uncertain';
  const wrong: string[] = [];
  const badReasons: string[] = [];
  let steps = 0;
  let reasonsChecked = 0;
  // What changed since the last build that planned every stage: an edit made while a --target skipped a step counts.
  const edited = new Set<string>();
  // Every path edited so far: a step whose parent is an older layer is compared with the build that made it.
  const editedEver = new Set<string>();
  let previous: { text: string; args: Record<string, string>; target: string | undefined; contexts: string } | null = null;
  try {
    for (const [p, c] of Object.entries(scenario.files ?? {})) applyEdit(dir, { path: p, write: c });
    for (const e of scenario.setup ?? []) applyEdit(dir, e);
    for (const [k, build] of scenario.builds.entries()) {
      for (const e of build.edits ?? []) {
        applyEdit(dir, e);
        for (const p of [e.path, e.rename, e.tar]) {
          if (typeof p !== 'string') continue;
          edited.add(p);
          editedEver.add(p);
        }
      }
      const file = path.join(dir, build.file ?? scenario.file ?? 'Dockerfile');
      const argv = ['build', dir, '--json', '--cache-dir', cache, '--builder', builder, ...(await recordFlag()), '-f', file, '--network', build.network ?? scenario.network ?? 'none'];
      for (const [a, v] of Object.entries(build.args ?? {})) argv.push('--build-arg', `${a}=${v}`);
      if (build.target) argv.push('--target', build.target);
      argv.push(...buildFlags(build, dir));
      const r = await layerplan(argv);
      const plan = parsePlan(r.stdout);
      const text = fs.readFileSync(file, 'utf8');
      if (plan) {
        const ctx = {
          k, dir, changed: edited, changedBefore: editedEver, dockerfileEdited: previous !== null && previous.text !== text, argsChanged: argChanges(previous?.args ?? {}, build.args ?? {}),
          targetChanged: previous !== null && previous.target !== build.target, plan, uncertainCase: uncertain,
          noCache: build.noCache === true || (build.noCacheFilter ?? []).length > 0,
          contextsChanged: previous !== null && previous.contexts !== JSON.stringify(build.buildContexts ?? {}),
        };
        for (const s of plan.filter((x) => x.status === 'rebuilt')) {
          reasonsChecked++;
          const problem = checkReason(s, ctx);
          if (problem) badReasons.push(`#${k} line ${s.line} ${s.instruction}: ${problem} (reason ${JSON.stringify(s.reason)})`);
        }
        if (plan.every((s) => s.status !== 'skipped')) edited.clear();
      }
      previous = { text, args: build.args ?? {}, target: build.target, contexts: JSON.stringify(build.buildContexts ?? {}) };
      const truth = result.builds[k]?.[side];
      if (!Array.isArray(truth)) continue; // the builder itself failed here: nothing to score
      steps += truth.length;
      if (!plan) {
        wrong.push(`#${k}: no JSON plan (exit ${r.code}): ${(r.stderr || r.stdout).trim().slice(0, 300)}`);
        continue;
      }
      for (const t of truth) {
        const mine = plan.filter((s) => s.line === t.line);
        const pred = mine[mine.length - 1];
        const ok = pred !== undefined && ((uncertain && !pred.certain) || pred.status === (t.cached ? 'cached' : 'rebuilt'));
        if (!ok) wrong.push(`#${k} line ${t.line} ${t.text}: ${builder} ${t.cached ? 'cached' : 'rebuilt'}, layerplan ${pred?.status ?? 'no step'}`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cache, { recursive: true, force: true });
  }
  return { steps, wrong, reasonsChecked, badReasons };
}

function parsePlan(stdout: string): NonNullable<PlannedJson['steps']> | null {
  try {
    const json = JSON.parse(stdout) as PlannedJson;
    return Array.isArray(json.steps) ? json.steps : null;
  } catch {
    return null;
  }
}
