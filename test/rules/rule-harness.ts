/** Runs rules over literal inputs: a Dockerfile string and a context given as path → content. */
import { NO_RULES, parseIgnoreFile } from '../../src/ignore/dockerignore.js';
import { analyzeDockerfile } from '../../src/app/analyze.js';
import { hash, PLATFORM_ARGS, planSnapshot } from '../_helpers/plan.js';
import type { GitEntry, GitTree } from '../../src/git/tree.js';
import { contextFromTree } from '../../src/git/tree-context.js';
import { toRunRecord, type Plan } from '../../src/plan/index.js';
import type { ContextFacts, Finding } from '../../src/rules/index.js';
import { indexRuns } from '../../src/store/index-runs.js';

export { hash };

export interface FakeRepo {
  /** path → content; an executable file as { content, exec: true }. */
  readonly files: Record<string, string | { content: string; exec: boolean }>;
  readonly topNames?: readonly string[];
  readonly localModes?: Record<string, number>;
}

export function treeOf(files: FakeRepo['files']): GitTree {
  const tree = new Map<string, GitEntry>();
  for (const [p, f] of Object.entries(files)) {
    const content = typeof f === 'string' ? f : f.content;
    tree.set(p, { mode: typeof f !== 'string' && f.exec ? '100755' : '100644', oid: hash(content) });
  }
  return tree;
}

export function factsOf(repo: FakeRepo): ContextFacts {
  const ignoreText = typeof repo.files['.dockerignore'] === 'string' ? (repo.files['.dockerignore'] as string) : null;
  const ignore = ignoreText === null ? NO_RULES : parseIgnoreFile(ignoreText);
  const tree = treeOf(repo.files);
  const snapshot = contextFromTree(tree, { root: '/ctx', dir: '', ignore, ignoreFile: ignoreText === null ? null : '.dockerignore', linkTargets: new Map() });
  return {
    snapshot,
    ignoreFile: snapshot.ignoreFile,
    ignore: ignoreText === null ? null : ignore,
    present: new Set(tree.keys()),
    topNames: repo.topNames ?? [...new Set(Object.keys(repo.files).map((p) => p.split('/')[0] as string))],
    localModes: new Map(Object.entries(repo.localModes ?? {})),
  };
}

export function lint(dockerfile: string, repo: FakeRepo = { files: {} }): Finding[] {
  return analyzeDockerfile({ dockerfile: 'Dockerfile', text: dockerfile, context: factsOf(repo), change: null, settings: new Map(), platformArgs: PLATFORM_ARGS });
}

function plan(dockerfile: string, repo: FakeRepo, base: Plan | null): Plan {
  const facts = factsOf(repo);
  let store = indexRuns([], () => null);
  if (base) {
    const { run, selections } = toRunRecord(base, { id: 'base', time: '1970-01-01T00:00:00.000Z', context: '', buildArgs: {} });
    store = indexRuns([run], (d) => selections.get(d) ?? null);
  }
  return planSnapshot(dockerfile, facts.snapshot, store);
}

/** Findings for a change from (dockerfile, repo) to (dockerfile2, repo2), as `check` computes them. */
export function checkChange(before: [string, FakeRepo], after: [string, FakeRepo]): Finding[] {
  const basePlan = plan(before[0], before[1], null);
  const afterPlan = plan(after[0], after[1], basePlan);
  return analyzeDockerfile({ dockerfile: 'Dockerfile', text: after[0], context: factsOf(after[1]), change: { before: basePlan, after: afterPlan }, settings: new Map(), platformArgs: PLATFORM_ARGS });
}

export const ids = (findings: readonly Finding[]): string[] => findings.map((f) => f.ruleId);
