/** The `lint` use case: the static rules over every Dockerfile of the repository, no diff needed. */
import type { CheckReport, DockerfileReport } from '../rules/report.js';
import { analyzeDockerfile } from './analyze.js';
import { platformArgs } from './platform.js';
import { lintInputs } from './lint-inputs.js';
import { buildOf, type CheckOptions } from './repo-targets.js';

export function lintRepo(opts: CheckOptions, readText: (abs: string) => string | null): CheckReport {
  const { setup, inputs } = lintInputs(opts, readText);
  const platform = platformArgs(opts.arch);
  const reports = inputs.map(({ target, text, facts }): DockerfileReport => ({
    dockerfile: target.dockerfile,
    context: target.context,
    ...(target.definition ? { definition: target.definition } : {}),
    state: 'unchanged',
    rebuilt: [],
    // As its definition builds it: an ARG-named base or a --target stage resolves as in the real build.
    findings: analyzeDockerfile({ dockerfile: target.dockerfile, text, context: facts, change: null, settings: setup.settings, platformArgs: platform, build: buildOf(target, setup.overrides) }),
  }));
  return { repo: setup.root, against: 'HEAD', reports };
}
