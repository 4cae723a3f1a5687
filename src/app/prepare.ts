/**
 * The one parse → stage graph → evaluated steps, for every use case (build,
 * check, lint, fix, layers): everything that comes before the context is
 * needed. Pure: text and options in, the steps or the first problem out.
 */
import { buildStageGraph, evaluateStages, type GraphProblem, type NamedContexts, type StageGraph, type Step } from '../graph/index.js';
import { LimitExceeded, parseDockerfile, type ParsedDockerfile } from '../parse/index.js';
import { recentAnswers } from '../lang/recent-memo.js';

export interface PrepareOptions {
  readonly buildArgs: ReadonlyMap<string, string>;
  readonly target: string | null;
  /** The automatic platform ARGs (app/platform.ts): in scope for FROM and for ARG without a value. */
  readonly platformArgs: ReadonlyMap<string, string>;
  /** --build-context names: FROM NAME and --from=NAME read them instead of a stage or an image. */
  readonly namedContexts?: NamedContexts;
  /** parseDockerfile, or a stand-in with the same answers (app/parse-memo.ts remembers them across runs). */
  readonly parse?: (text: string) => ParsedDockerfile;
}

export interface PreparedDockerfile {
  readonly parsed: ParsedDockerfile;
  readonly graph: StageGraph;
  /** Steps per stage, indexed by stage. */
  readonly steps: readonly (readonly Step[])[];
}

/** `parse`: a syntax error; `graph`: a Dockerfile that parses but has no buildable stage graph. */
export type PrepareProblem =
  | { readonly kind: 'parse'; readonly line: number; readonly message: string }
  | { readonly kind: 'graph'; readonly line: number; readonly code: GraphProblem['code']; readonly message: string }
  /** An ARG/ENV substitution or the environment past parse/limits.ts while evaluating the steps. */
  | { readonly kind: 'limit'; readonly line: number; readonly message: string };

export type Prepared = { readonly ok: true; readonly dockerfile: PreparedDockerfile } | { readonly ok: false; readonly problem: PrepareProblem };

/**
 * The same text with the same options prepares once: `check` prepares a
 * Dockerfile for the base side, the index side and the rules, most often
 * with one text (a README edit), and the stage graph and evaluated steps
 * after the parse were ~1.5 ms of each repeat. The answer is read-only data
 * and depends on the text and options alone; only the plain options are
 * keyed (named contexts and a stand-in parser are not: build prepares once).
 */
export function prepare(text: string, opts: PrepareOptions): Prepared {
  if (opts.namedContexts !== undefined || opts.parse !== undefined) return prepareText(text, opts);
  const key = JSON.stringify([text, opts.target, [...opts.buildArgs], [...opts.platformArgs]]);
  return recent(key, () => prepareText(text, opts));
}

const recent = recentAnswers<string, Prepared>(8);

function prepareText(text: string, opts: PrepareOptions): Prepared {
  const binary = binaryLine(text);
  if (binary !== null) return { ok: false, problem: { kind: 'parse', line: binary, message: 'not a text file (it holds NUL bytes): a Dockerfile is text; check that the path names the Dockerfile' } };
  const parsed = (opts.parse ?? parseDockerfile)(text);
  const problem = parsed.problems[0];
  if (problem) return { ok: false, problem: { kind: 'parse', line: problem.line, message: printable(problem.message) } };
  const graph = buildStageGraph(parsed, { buildArgs: opts.buildArgs, target: opts.target, platformArgs: opts.platformArgs, ...(opts.namedContexts ? { namedContexts: opts.namedContexts } : {}) });
  if (!graph.ok) return { ok: false, problem: { kind: 'graph', ...graph.problem } };
  try {
    const steps = evaluateStages(graph.graph, { buildArgs: opts.buildArgs, platformArgs: opts.platformArgs, escape: parsed.directives.escape });
    return { ok: true, dockerfile: { parsed, graph: graph.graph, steps } };
  } catch (err) {
    if (err instanceof LimitExceeded) return { ok: false, problem: { kind: 'limit', line: err.line ?? 1, message: err.message } };
    throw err;
  }
}

/** The 1-based line of the first NUL byte (no text file has one: a binary picked up as a Dockerfile), or null. */
function binaryLine(text: string): number | null {
  const at = text.indexOf('\0');
  return at < 0 ? null : text.slice(0, at).split('\n').length;
}

/** Control characters as \xNN, so that a message quoting the file cannot drive the terminal. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The problem in words: a syntax error says what to do next; a graph problem's message already does. */
export function problemMessage(p: PrepareProblem): string {
  return p.kind === 'parse' ? `${p.message}; fix the Dockerfile and run again` : p.message;
}
