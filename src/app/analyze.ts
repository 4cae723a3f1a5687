/**
 * Runs the rules over one Dockerfile's text (and, for `check`, the plans of
 * a change). Pure: the caller brings the text, context facts and plans.
 */
import { buildStageGraph, evaluateStages } from '../graph/index.js';
import { LimitExceeded, parseDockerfile } from '../parse/index.js';
import { ignoredLines, RULES, runRules, type ContextFacts, type Finding, type PlanChange, type RuleSettings } from '../rules/index.js';

/** LP001: the Dockerfile cannot be planned (a syntax error, a missing source); the build would fail too. */
export function unplannable(dockerfile: string, line: number, message: string): Finding {
  return { ruleId: 'LP001', severity: 'error', message, fix: 'fix the Dockerfile (or its context) so that it builds', dockerfile, line, bust: false, files: [] };
}

export function analyzeDockerfile(dockerfile: string, text: string, context: ContextFacts | null, change: PlanChange | null, settings: RuleSettings): Finding[] {
  const parsed = parseDockerfile(text);
  const problem = parsed.problems[0];
  if (problem) return [unplannable(dockerfile, problem.line, problem.message)];
  const graph = buildStageGraph(parsed, { buildArgs: new Map(), target: null });
  if (!graph.ok) return [unplannable(dockerfile, graph.problem.line, graph.problem.message)];
  let steps;
  try {
    steps = evaluateStages(graph.graph, { buildArgs: new Map(), platformArgs: new Map(), escape: parsed.directives.escape });
  } catch (err) {
    if (err instanceof LimitExceeded) return [unplannable(dockerfile, err.line ?? 1, err.message)];
    throw err;
  }
  const findings = runRules(RULES, { dockerfile, parsed, graph: graph.graph, steps, context, change }, { settings, ignored: ignoredLines(text) });
  // A bust already says what LP101 says, with the files of this commit: show it once.
  const busted = findings.some((f) => f.ruleId === 'LP110');
  return busted ? findings.filter((f) => f.ruleId !== 'LP101') : findings;
}
