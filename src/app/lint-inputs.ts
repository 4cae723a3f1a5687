/**
 * The Dockerfiles `lint` and `fix` read: the repository's set-up with its
 * build definitions as on disk (their readers load with this module: lint
 * and fix read them anyway), each Dockerfile as on disk, else as staged.
 */
import path from 'node:path';
import { openRepo } from '../git/repo.js';
import { readSide } from '../git/side.js';
import { readIndexTree, type GitTree } from '../git/tree.js';
import { pathsUnder } from '../git/tree-context.js';
import type { Target } from '../project/discover.js';
import type { ContextFacts } from '../rules/index.js';
import { definitionBuilds } from './definition-targets.js';
import { factsOf, setUpWith, type CheckOptions, type Setup } from './repo-targets.js';

export function setUp(opts: CheckOptions, index?: GitTree): Setup {
  const repo = openRepo(opts.cwd);
  return setUpWith(opts, repo.root, index ?? readIndexTree(repo.root), definitionBuilds(repo.root, opts.env));
}

/** One Dockerfile as it is on disk, with its context as staged and the working tree's file modes. */
export interface LintInput {
  readonly target: Target;
  readonly text: string;
  readonly facts: ContextFacts;
}

/** Every Dockerfile of the set-up, as on disk (else as staged), with its facts. */
export function lintInputs(opts: CheckOptions, readText: (abs: string) => string | null): { setup: Setup; inputs: LintInput[] } {
  const s = setUp(opts);
  const inputs = s.targets.flatMap((target): LintInput[] => {
    const side = readSide(s.root, s.index, target, s.config.builder);
    const text = readText(path.join(s.root, target.dockerfile)) ?? side.text;
    return text === null ? [] : [{ target, text, facts: factsOf(side, target, s, [...pathsUnder(s.index, target.context).keys()]) }];
  });
  return { setup: s, inputs };
}

