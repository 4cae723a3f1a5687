/**
 * Runs the rules over one Dockerfile's text (and, for `check`, the plans of
 * a change). Pure: the caller brings the text, context facts and plans.
 */
import { RULES, silencedRules, runRules, type ContextFacts, type Finding, type PlanChange, type RuleSettings } from '../rules/index.js';
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
  const { dockerfile, text } = input;
  const prepared = prepare(text, { buildArgs: input.build?.args ?? new Map(), target: input.build?.target ?? null, platformArgs: input.platformArgs });
  if (!prepared.ok) return [unplannable(dockerfile, prepared.problem.line, prepared.problem.message)];
  const { parsed, graph, steps } = prepared.dockerfile;
  const findings = runRules(RULES, { dockerfile, parsed, graph, steps, context: input.context, change: input.change }, { settings: input.settings, ignored: silencedRules(text) });
  // A bust already says what LP101 says, with the files of this commit: show it once.
  const busted = findings.some((f) => f.ruleId === 'LP110');
  return busted ? findings.filter((f) => f.ruleId !== 'LP101') : findings;
}
