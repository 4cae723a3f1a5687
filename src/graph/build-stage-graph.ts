/**
 * Splits instructions into stages, resolves `FROM <stage>` and `--from`
 * references, and picks the stages a `--target` build runs (BuildKit builds
 * only what the target reaches). Problems are returned, never thrown.
 */
import type { Instruction, ParsedDockerfile } from '../parse/index.js';
import { argDeclarations, atLine, expandWord, LimitExceeded, splitWords } from '../parse/index.js';
import { mountOptions } from './mount-options.js';
import type { BaseRef, GraphProblem, NamedContext, NamedContexts, Stage, StageGraph } from './types.js';

export interface GraphOptions {
  readonly buildArgs: ReadonlyMap<string, string>;
  readonly target: string | null;
  /** BUILDPLATFORM, TARGETARCH, ...: in scope for FROM without a declaration (`FROM --platform=$BUILDPLATFORM`). */
  readonly platformArgs?: ReadonlyMap<string, string>;
  readonly namedContexts?: NamedContexts;
}

export type GraphResult = { readonly ok: true; readonly graph: StageGraph } | { readonly ok: false; readonly problem: GraphProblem };

export function buildStageGraph(parsed: ParsedDockerfile, opts: GraphOptions): GraphResult {
  try {
    return build(parsed, opts);
  } catch (err) {
    // A FROM or global ARG whose substitution passes parse/limits.ts.
    if (err instanceof LimitExceeded) return fail(err.line ?? 1, 'E_LIMIT', err.message);
    throw err;
  }
}

function build(parsed: ParsedDockerfile, opts: GraphOptions): GraphResult {
  const escape = parsed.directives.escape;
  const firstFrom = parsed.instructions.findIndex((i) => i.keyword === 'FROM');
  if (firstFrom < 0) {
    const line = parsed.instructions[0]?.line ?? 1;
    return fail(line, parsed.instructions.length ? 'E_NO_FROM' : 'E_EMPTY', parsed.instructions.length ? 'the Dockerfile has no FROM instruction' : 'the Dockerfile is empty');
  }
  const early = parsed.instructions.slice(0, firstFrom).find((i) => i.keyword !== 'ARG');
  if (early) return fail(early.line, 'E_NO_FROM', `${early.keyword} before the first FROM: only ARG may come before FROM`);
  const globalArgs = readGlobalArgs(parsed.instructions.slice(0, firstFrom), opts.buildArgs, escape);
  const declared = [...globalArgs].filter((e): e is [string, string] => e[1] !== undefined);
  const vars = new Map([...(opts.platformArgs ?? []), ...declared]);
  const named = opts.namedContexts ?? new Map();

  const stages: Stage[] = [];
  let current: { from: Instruction; body: Instruction[] } | null = null;
  const flush = (): GraphProblem | null => {
    if (!current) return null;
    const { from, body } = current;
    const made = atLine(from.line, () => makeStage(stages, from, body, vars, escape, named));
    if ('code' in made) return made;
    stages.push(made);
    return null;
  };
  for (const ins of parsed.instructions.slice(firstFrom)) {
    if (ins.keyword !== 'FROM') {
      current?.body.push(ins);
      continue;
    }
    const problem = flush();
    if (problem) return { ok: false, problem };
    current = { from: ins, body: [] };
  }
  const problem = flush();
  if (problem) return { ok: false, problem };
  return selectTarget(stages.map((s) => withFromDeps(s, stages, named)), globalArgs, opts.target, named);
}

function fail(line: number, code: GraphProblem['code'], message: string): GraphResult {
  return { ok: false, problem: { line, code, message } };
}

function readGlobalArgs(args: readonly Instruction[], buildArgs: ReadonlyMap<string, string>, escape: string): Map<string, string | undefined> {
  const values = new Map<string, string | undefined>();
  for (const ins of args) {
    for (const { name, value } of argDeclarations(ins.rest, escape)) {
      const known = new Map([...values].filter((e): e is [string, string] => e[1] !== undefined));
      const dflt = value === undefined ? undefined : atLine(ins.line, () => expandWord(value, known, escape));
      values.set(name, buildArgs.get(name) ?? dflt);
    }
  }
  return values;
}

function makeStage(stages: readonly Stage[], from: Instruction, body: Instruction[], vars: ReadonlyMap<string, string>, escape: string, named: NamedContexts): Stage | GraphProblem {
  const words = splitWords(from.rest, escape);
  const image = expandWord(words[0] ?? '', vars, escape);
  if (!image) return { line: from.line, code: 'E_BAD_INSTRUCTION', message: 'FROM needs an image name' };
  const asAt = words.findIndex((w) => w.toLowerCase() === 'as');
  const name = asAt > 0 ? (words[asAt + 1] ?? '').toLowerCase() || null : null;
  const index = stages.length;
  const base = resolveBase(image, stages, named);
  const platformFlag = from.flags.find((f) => f.name === 'platform')?.value ?? null;
  const platform = platformFlag === null ? null : expandWord(platformFlag, vars, escape);
  return { index, name, from, base, platform, instructions: body, deps: base.kind === 'stage' ? [base.index] : [] };
}

/** `--from` may name any stage, even a later one (BuildKit then rejects cycles). */
function withFromDeps(stage: Stage, stages: readonly Stage[], named: NamedContexts): Stage {
  const deps = new Set(stage.deps);
  for (const ins of stage.instructions) {
    for (const ref of fromReferences(ins)) {
      const dep = namedContext(ref, named) ? null : findStage(ref, stages);
      if (dep !== null) deps.add(dep);
    }
  }
  return { ...stage, deps: [...deps].sort((a, b) => a - b) };
}

/** The named context `ref` names, if any (names compare case-insensitively, as stage names do). */
export function namedContext(ref: string, named: NamedContexts): NamedContext | null {
  return named.get(ref.toLowerCase()) ?? null;
}

/**
 * A named image context is that image; a named folder as a base is not modelled (it is planned as the image
 * of that name).
 */
function resolveBase(image: string, stages: readonly Stage[], named: NamedContexts): BaseRef {
  const context = namedContext(image, named);
  if (context?.kind === 'image') return { kind: 'image', ref: context.ref };
  if (image.toLowerCase() === 'scratch') return { kind: 'scratch' };
  const stage = stages.find((s) => s.name !== null && s.name === image.toLowerCase());
  return stage ? { kind: 'stage', index: stage.index } : { kind: 'image', ref: image };
}

/** `COPY --from=x`, `RUN --mount=...,from=x`: the names an instruction pulls from. */
export function fromReferences(ins: Instruction): string[] {
  const refs: string[] = [];
  for (const f of ins.flags) {
    if (f.name === 'from' && f.value && (ins.keyword === 'COPY' || ins.keyword === 'ADD')) refs.push(f.value);
    if (f.name === 'mount' && f.value) {
      const from = mountOptions(f.value, (raw) => raw).from;
      if (from) refs.push(from);
    }
  }
  return refs;
}

/** A stage by name (case-insensitive) or by index; null means "an image". */
export function findStage(ref: string, stages: readonly Stage[]): number | null {
  if (/^\d+$/.test(ref)) {
    const n = Number(ref);
    return n < stages.length ? n : null;
  }
  return stages.find((s) => s.name === ref.toLowerCase())?.index ?? null;
}

function selectTarget(stages: Stage[], globalArgs: Map<string, string | undefined>, target: string | null, namedContexts: NamedContexts): GraphResult {
  const last = stages.length - 1;
  const targetIndex = target === null ? last : stages.find((s) => s.name === target.toLowerCase())?.index ?? null;
  if (targetIndex === null) {
    const names = stages.map((s) => s.name).filter(Boolean).join(', ') || 'none';
    const line = stages[0]?.from.line ?? 1;
    return fail(line, 'E_UNKNOWN_TARGET', `target stage "${target}" could not be found (stages: ${names})`);
  }
  const order: number[] = [];
  const visiting = new Set<number>();
  const visit = (i: number): Stage | null => {
    if (order.includes(i)) return null;
    if (visiting.has(i)) return stages[i] ?? null;
    visiting.add(i);
    for (const d of stages[i]?.deps ?? []) {
      const cycle = visit(d);
      if (cycle) return cycle;
    }
    order.push(i);
    return null;
  };
  const cycle = visit(targetIndex);
  if (cycle) return fail(cycle.from.line, 'E_STAGE_CYCLE', `stage ${cycle.name ?? cycle.index} depends on itself through --from`);
  return { ok: true, graph: { globalArgs, stages, target: targetIndex, order, namedContexts } };
}
