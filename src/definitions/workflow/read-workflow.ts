/**
 * GitHub Actions workflows → the builds their `docker/build-push-action`
 * steps run, and the bake runs of their `docker/bake-action` steps (read by
 * the bake reader from the files they name). Paths are relative to the
 * repository root, as in the checked-out workspace. A `${{ … }}`
 * expression cannot be known before the run: such a setting is listed in
 * `unresolved` (and an arg with one is left out).
 */
import { dockerfileIn, toContextSource } from '../context-source.js';
import { resolvePath } from '../posix-path.js';
import { fail, settle, type BuildDefinition, type ContextSource, type DefinitionsResult, type SourceText, type Unresolved } from '../types.js';
import { isMapping, readYaml } from '../yaml-text.js';

export interface BakeStep {
  readonly file: string;
  readonly job: string;
  readonly step: string;
  readonly line: number;
  /** Bake files, absolute; none: buildx's default list in `workdir`. */
  readonly files: readonly string[];
  readonly targets: readonly string[];
  readonly workdir: string;
  /** Inputs that are `${{ }}` expressions: the step's targets or files cannot be known, so it is not planned. */
  readonly unresolved: readonly Unresolved[];
}

export interface WorkflowBuilds {
  readonly definitions: DefinitionsResult;
  readonly bakeSteps: readonly BakeStep[];
}

const BUILD_PUSH = /^docker\/build-push-action@/;
const BAKE = /^docker\/bake-action@/;
const EXPRESSION = /\$\{\{/;

/**
 * `readText` reads a local reusable workflow a job calls (`uses:
 * ./.github/workflows/x.yml`): its steps are read with the caller's `with:`
 * as `inputs` (over the inputs' defaults). Read on its own, a reusable
 * workflow's steps take those defaults.
 */
export function readWorkflow(source: SourceText, repoRoot: string, readText: (path: string) => string | null = () => null): WorkflowBuilds {
  const bakeSteps: BakeStep[] = [];
  const definitions = settle(() => jobsOf({ source, repoRoot, readText, bakeSteps }, source, new Map(), '', []));
  return { definitions, bakeSteps: definitions.ok ? bakeSteps : [] };
}

interface Reading {
  readonly source: SourceText;
  readonly repoRoot: string;
  readonly readText: (path: string) => string | null;
  readonly bakeSteps: BakeStep[];
}

function jobsOf(r: Reading, source: SourceText, given: ReadonlyMap<string, string>, prefix: string, seen: readonly string[]): BuildDefinition[] {
  const yaml = readYaml(source);
  const root = yaml.value;
  if (!isMapping(root) || !isMapping(root.jobs)) return [];
  const inputs = new Map([...declaredDefaults(root.on), ...given]);
  return Object.entries(root.jobs).flatMap(([job, spec]) => {
    if (!isMapping(spec)) return [];
    const label = `${prefix}${job}`;
    if (typeof spec.uses === 'string') return called(r, spec, label, source.path, inputs, [...seen, source.path]);
    const steps = Array.isArray(spec.steps) ? spec.steps : [];
    return steps.flatMap((step, i): BuildDefinition[] => {
      if (!isMapping(step) || typeof step.uses !== 'string') return [];
      const where = { file: source.path, job: label, step: stepName(step, i), line: yaml.lineOf(['jobs', job, 'steps', i]) ?? 1 };
      const stepInputs = isMapping(step.with) ? withInputs(step.with, inputs) : {};
      if (BAKE.test(step.uses)) r.bakeSteps.push(bakeStep(where, stepInputs, r.repoRoot));
      return BUILD_PUSH.test(step.uses) ? [buildPush(where, stepInputs, r.repoRoot)] : [];
    });
  });
}

/** A job that calls a reusable workflow: a local one is read with its `with:`; another repository's is not fetched. */
function called(r: Reading, job: Record<string, unknown>, label: string, from: string, outer: ReadonlyMap<string, string>, seen: readonly string[]): BuildDefinition[] {
  const uses = String(job.uses);
  if (!uses.startsWith('./')) return [];
  const file = resolvePath(r.repoRoot, uses);
  if (seen.includes(file)) fail({ kind: 'invalid', file: from, line: null, message: `jobs.${label}.uses: ${uses} calls itself (${[...seen, file].join(' → ')})` });
  const text = r.readText(file);
  if (text === null) fail({ kind: 'invalid', file: from, line: null, message: `jobs.${label}.uses: cannot read ${uses}` });
  const given = isMapping(job.with) ? withInputs(job.with, outer) : {};
  return jobsOf(r, { path: file, text }, new Map(Object.entries(given).map(([k, v]) => [k, String(v)])), `${label} → `, seen);
}

/** `on: workflow_call: inputs: NAME: default:` of a reusable workflow. */
function declaredDefaults(on: unknown): Map<string, string> {
  const call = isMapping(on) && isMapping(on.workflow_call) ? on.workflow_call : null;
  const inputs = call && isMapping(call.inputs) ? call.inputs : {};
  return new Map(Object.entries(inputs).flatMap(([k, v]): [string, string][] => (isMapping(v) && v.default !== undefined && v.default !== null ? [[k, String(v.default)]] : [])));
}

const INPUT = /\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}/g;

/** `${{ inputs.NAME }}` replaced where NAME is known; any other expression stays (and is unresolved). */
function withInputs(values: Record<string, unknown>, inputs: ReadonlyMap<string, string>): Record<string, unknown> {
  const sub = (v: unknown): unknown => (typeof v === 'string' ? v.replace(INPUT, (all, name: string) => inputs.get(name) ?? all) : v);
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, sub(v)]));
}

function stepName(step: Record<string, unknown>, i: number): string {
  return typeof step.name === 'string' ? step.name : typeof step.id === 'string' ? step.id : `step ${i + 1}`;
}

type Where = { file: string; job: string; step: string; line: number };

function buildPush(where: Where, inputs: Record<string, unknown>, repoRoot: string): BuildDefinition {
  const unresolved: Unresolved[] = [];
  const input = (name: string): string | null => {
    const v = inputs[name];
    if (v === undefined || v === null) return null;
    const s = String(v);
    if (EXPRESSION.test(s)) unresolved.push({ field: name, value: s });
    return s;
  };
  // Without `context` the action builds the Git context of the commit: the repository's tree at the root.
  const contextValue = input('context') ?? '.';
  const context = toContextSource(contextValue, repoRoot, null);
  const file = input('file');
  const args = new Map<string, string>();
  for (const entry of lines(input('build-args'))) {
    if (EXPRESSION.test(entry)) continue;
    const eq = entry.indexOf('=');
    if (eq > 0) args.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  const namedContexts = new Map<string, ContextSource>(
    lines(input('build-contexts')).flatMap((entry): [string, ContextSource][] => {
      const eq = entry.indexOf('=');
      return eq > 0 && !EXPRESSION.test(entry) ? [[entry.slice(0, eq), toContextSource(entry.slice(eq + 1), repoRoot, null)]] : [];
    }),
  );
  return {
    name: where.step,
    origin: { kind: 'workflow', ...where },
    context,
    dockerfile: { kind: 'file', path: file ? resolvePath(repoRoot, file) : dockerfileIn(context, 'Dockerfile') },
    target: input('target'),
    args,
    namedContexts,
    platforms: lines(input('platforms'), true),
    noCache: input('no-cache') === 'true',
    network: input('network'),
    secrets: lines(input('secrets')).map((s) => s.split('=')[0] ?? s),
    ssh: lines(input('ssh')),
    unresolved,
  };
}

function bakeStep(where: Where, inputs: Record<string, unknown>, repoRoot: string): BakeStep {
  const workdir = resolvePath(repoRoot, typeof inputs.workdir === 'string' ? inputs.workdir : '.');
  const unresolved = ['files', 'targets', 'workdir'].flatMap((field) => (EXPRESSION.test(String(inputs[field] ?? '')) ? [{ field, value: String(inputs[field]) }] : []));
  return {
    ...where,
    workdir,
    unresolved,
    files: lines(inputs.files === undefined ? null : String(inputs.files), true).map((f) => resolvePath(workdir, f)),
    targets: lines(inputs.targets === undefined ? null : String(inputs.targets), true),
  };
}

/** The actions' list inputs: one item a line (and, where `comma`, comma-separated too). */
function lines(v: string | null, comma = false): string[] {
  if (v === null) return [];
  return v
    .split(comma ? /[\n,]/ : /\n/)
    .map((s) => s.trim())
    .filter((s) => s && !s.startsWith('#'));
}
