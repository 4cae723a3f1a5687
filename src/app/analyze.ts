/**
 * Runs the rules over one Dockerfile's text (and, for `check`, the plans of
 * a change). Pure: the caller brings the text, context facts and plans.
 */
import { RULES, silencedRules, runRules, type ContextFacts, type Finding, type PlanChange, type RuleInput, type RuleSettings } from '../rules/index.js';
import { rule as copySourceIgnored } from '../rules/lp202-copy-source-ignored.js';
import { prepare } from './prepare.js';

/** LP001: the Dockerfile cannot be planned (a syntax error, a missing source); the build would fail too. */
export function unplannable(dockerfile: string, line: number, message: string): Finding {
  return { ruleId: 'LP001', severity: 'error', message, fix: 'fix the Dockerfile (or its context) so that it builds', dockerfile, line, bust: false, files: [] };
}

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

export function analyzeDockerfile(input: AnalyzeInput): Finding[] {
  const ruleInput = ruleInputOf(input);
  if ('ruleId' in ruleInput) return [ruleInput];
  const findings = runRules(RULES, ruleInput, { settings: input.settings, ignored: silencedRules(input.text) });
  // A bust already says what LP101 says, with the files of this commit: show it once.
  const busted = findings.some((f) => f.ruleId === 'LP110');
  return busted ? findings.filter((f) => f.ruleId !== 'LP101') : findings;
}

function ruleInputOf(input: AnalyzeInput): RuleInput | Finding {
  const { dockerfile, text } = input;
  const prepared = prepare(text, { buildArgs: input.build?.args ?? new Map(), target: input.build?.target ?? null, platformArgs: input.platformArgs });
  if (!prepared.ok) return unplannable(dockerfile, prepared.problem.line, prepared.problem.message);
  const { parsed, graph, steps } = prepared.dockerfile;
  return { dockerfile, parsed, graph, steps, context: input.context, change: input.change };
}

/** Why a side of a change does not plan. */
export interface PlanFailure {
  readonly line: number;
  readonly message: string;
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
  if (before?.message === after.message) return [alreadyUnplannable(input.dockerfile, after, context)];
  const ruleInput = ruleInputOf(input);
  if ('ruleId' in ruleInput) return [ruleInput];
  const ignored = copySourceIgnored.check(ruleInput).some((h) => h.line === after.line);
  if (!ignored) return [unplannable(input.dockerfile, after.line, after.message)];
  return runRules([copySourceIgnored], ruleInput, { settings: input.settings, ignored: silencedRules(input.text) }).filter((f) => f.line === after.line);
}

function alreadyUnplannable(dockerfile: string, failure: PlanFailure, context: string): Finding {
  const folder = context === '' ? 'the repository root' : `"${context}"`;
  // A Dockerfile below its folder's context is most often built from the root (dive's Taskfile); at the root, we cannot guess.
  const other = context === '' ? 'DIR' : '.';
  return {
    ruleId: 'LP001', severity: 'info', dockerfile, line: failure.line, bust: false, files: [],
    message: `does not plan with ${folder} as its build context, at the base revision either (${failure.message}); not caused by this change`,
    fix: `if it is built from another folder, name that context in .layerplan.json ({"dockerfiles": [{"file": "${dockerfile}", "context": "${other}"}]}) or in a compose or bake file`,
  };
}
