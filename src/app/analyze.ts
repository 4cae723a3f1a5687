/**
 * Runs the rules over one Dockerfile's text (and, for `check`, the plans of
 * a change). Pure: the caller brings the text, context facts and plans.
 */
import type { Instruction } from '../parse/index.js';
import { assertNever } from '../lang/assert-never.js';
import { RULES, silencedRules, runRules, type ContextFacts, type Finding, type PlanChange, type RuleInput, type RuleSettings, type Severity } from '../rules/index.js';
import { isSilenced } from '../rules/suppress.js';
import { rule as copySourceIgnored } from '../rules/lp202-copy-source-ignored.js';
import type { MissingBuild } from './definition-targets.js';
import { sourceMissingMessage, type SourceMissing } from './errors.js';
import { prepare, problemMessage, type PrepareProblem } from './prepare.js';

export interface AnalyzeInput {
  readonly dockerfile: string;
  readonly text: string;
  readonly context: ContextFacts | null;
  readonly change: PlanChange | null;
  readonly settings: RuleSettings;
  /** The automatic platform ARGs, as the build sees them (app/platform.ts). */
  readonly platformArgs: ReadonlyMap<string, string>;
  /** The stage and args its compose service / bake target / setting builds (default: the last stage, no args). */
  readonly build?: { readonly target: string | null; readonly args: ReadonlyMap<string, string> };
}

/** Why a Dockerfile does not plan, as data: a problem before the context is read, or a COPY/ADD source the context lacks. */
export type PlanFailure =
  | { readonly kind: 'prepare'; readonly problem: PrepareProblem }
  | { readonly kind: 'source-missing'; readonly missing: SourceMissing };

export function failureLine(f: PlanFailure): number {
  return f.kind === 'prepare' ? f.problem.line : f.missing.step.instruction.line;
}

export function failureMessage(f: PlanFailure): string {
  return f.kind === 'prepare' ? problemMessage(f.problem) : sourceMissingMessage(f.missing);
}

/**
 * The same failure, wherever its line moved: the same problem (kind, code, the
 * parser's or graph's own words), or the same source of the same instruction.
 */
export function sameFailure(a: PlanFailure, b: PlanFailure): boolean {
  switch (a.kind) {
    case 'prepare':
      return b.kind === 'prepare' && a.problem.kind === b.problem.kind && codeOf(a.problem) === codeOf(b.problem) && a.problem.message === b.problem.message;
    case 'source-missing':
      return b.kind === 'source-missing' && a.missing.source === b.missing.source && sameInstruction(a.missing.step.instruction, b.missing.step.instruction);
    default:
      return assertNever(a);
  }
}

function codeOf(p: PrepareProblem): string | null {
  return p.kind === 'graph' ? p.code : null;
}

function sameInstruction(a: Instruction, b: Instruction): boolean {
  return a.keyword === b.keyword && a.rest === b.rest;
}

/** LP001's settings: `off`, or the severity set for it; pragmas in the text silence it like any rule. */
type Lp001 = Pick<AnalyzeInput, 'dockerfile' | 'text' | 'settings'>;

/**
 * LP001, as settings and pragmas have it (`--disable LP001`, `"LP001": "off"`,
 * `# layerplan global ignore=LP001`): it is no registry rule (nothing to
 * check on a Dockerfile that plans), so its settings are applied here, the
 * one place every LP001 is made.
 */
function lp001(input: Lp001, line: number, severity: Severity, message: string, fix: string): Finding[] {
  const setting = input.settings.get('LP001');
  if (setting === 'off' || isSilenced(silencedRules(input.text), line, 'LP001')) return [];
  return [{ ruleId: 'LP001', severity: severity === 'error' ? (setting ?? severity) : severity, message, fix, dockerfile: input.dockerfile, line, bust: false, files: [] }];
}

/** LP001 for a build whose definition file names a context folder that does not exist: at that file's line. */
export function missingContext(m: MissingBuild, settings: RuleSettings): Finding[] {
  return lp001({ dockerfile: m.file, text: '', settings }, m.line, 'error',
    `${m.definition}: build context ${m.context} does not exist, so this build fails (the other builds are checked)`,
    `create ${m.context}, or fix the build context in ${m.file}`);
}

/** LP001: the Dockerfile cannot be planned (a syntax error, a missing source); the build would fail too. */
export function unplannable(input: Lp001, failure: PlanFailure): Finding[] {
  return lp001(input, failureLine(failure), 'error', failureMessage(failure), 'fix the Dockerfile (or its context) so that it builds');
}

export function analyzeDockerfile(input: AnalyzeInput): Finding[] {
  const prepared = ruleInputOf(input);
  if (!prepared.ok) return unplannable(input, prepared.failure);
  const findings = runRules(RULES, prepared.ruleInput, { settings: input.settings, ignored: silencedRules(input.text) });
  // A bust already says what LP101 says, with the files of this commit: show it once.
  const busted = findings.some((f) => f.ruleId === 'LP110');
  return busted ? findings.filter((f) => f.ruleId !== 'LP101') : findings;
}

/** The rules' input, or why the Dockerfile does not get that far: told apart by `ok`, not by the shape of either. */
type Prepared = { readonly ok: true; readonly ruleInput: RuleInput } | { readonly ok: false; readonly failure: PlanFailure };

function ruleInputOf(input: AnalyzeInput): Prepared {
  const { dockerfile, text } = input;
  const prepared = prepare(text, { buildArgs: input.build?.args ?? new Map(), target: input.build?.target ?? null, platformArgs: input.platformArgs });
  if (!prepared.ok) return { ok: false, failure: { kind: 'prepare', problem: prepared.problem } };
  const { parsed, graph, steps } = prepared.dockerfile;
  return { ok: true, ruleInput: { dockerfile, parsed, graph, steps, context: input.context, change: input.change } };
}

/**
 * What `check` says of an index side that does not plan. A base side that
 * failed the same way makes it no news: one note, not an error that refuses
 * a commit the change did not break (a guessed context that was never the
 * right one, dive's `.data/Dockerfile.*`). A source .dockerignore excludes
 * is LP202, as `lint` says it (that rule decides, so `--ignore LP202` holds
 * for both); anything else is LP001.
 */
export function unplannableFindings(input: AnalyzeInput, after: PlanFailure, before: PlanFailure | null, context: string): Finding[] {
  if (before !== null && sameFailure(before, after)) return alreadyUnplannable(input, after, context);
  const prepared = ruleInputOf(input);
  if (!prepared.ok) return unplannable(input, prepared.failure);
  const { ruleInput } = prepared;
  const line = failureLine(after);
  const ignored = after.kind === 'source-missing' && copySourceIgnored.check(ruleInput).some((h) => h.line === line);
  if (!ignored) return unplannable(input, after);
  return runRules([copySourceIgnored], ruleInput, { settings: input.settings, ignored: silencedRules(input.text) }).filter((f) => f.line === line);
}

function alreadyUnplannable(input: Lp001, failure: PlanFailure, context: string): Finding[] {
  const folder = context === '' ? 'the repository root' : `"${context}"`;
  // A Dockerfile below its folder's context is most often built from the root (dive's Taskfile); at the root, we cannot guess.
  const other = context === '' ? 'DIR' : '.';
  return lp001(input, failureLine(failure), 'info',
    `does not plan with ${folder} as its build context, at the base revision either (${failureMessage(failure)}); not caused by this change`,
    `if it is built from another folder, name that context in .layerplan.json ({"dockerfiles": [{"file": "${input.dockerfile}", "context": "${other}"}]}) or in a compose or bake file`);
}
