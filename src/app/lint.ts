/**
 * The `lint` use case: the static rules over Dockerfiles, no diff needed.
 * Inside a git repository every Dockerfile of it (or those named), with the
 * context as staged; files git does not know (outside any repository, or
 * outside this one) and stdin are linted as they are on disk (lint-loose.ts).
 */
import path from 'node:path';
import { openRepo } from '../git/repo.js';
import { GitError } from '../git/run-git.js';
import { CONFIG_FILE, readConfig } from '../project/config.js';
import { discoverDockerfiles } from '../project/discover.js';
import { withoutRepeatedFindings, type CheckReport, type DockerfileReport } from '../rules/report.js';
import { analyzeDockerfile } from './analyze.js';
import { lintLoose, type LooseDockerfile } from './lint-loose.js';
import { missingBuildReports } from './missing-builds.js';
import { platformArgs } from './platform.js';
import { lintInputs } from './lint-inputs.js';
import { buildOf, type CheckOptions } from './repo-targets.js';
import { findDockerfiles } from './survey.js';

/** The name a Dockerfile read from stdin gets in reports, as hadolint names it. */
export const STDIN_NAME = '-';

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
  return { repo: setup.root, against: 'HEAD', reports: [...reports, ...missingBuildReports(setup.missing, setup.settings, null)] };
}

/**
 * Every way `lint` is called: `opts.files` (absolute, already known to be
 * readable), `stdin` (the text of `-`, or null), in or out of git.
 */
export async function lintAny(opts: CheckOptions, stdin: string | null, readText: (abs: string) => string | null): Promise<CheckReport> {
  const root = repoRootOrNull(opts.cwd);
  const known = root === null ? [] : opts.files.filter((f) => isInside(root, f));
  const loose = opts.files.filter((f) => !known.includes(f));
  const reports: DockerfileReport[] = [];
  let repo = opts.cwd;
  if (root !== null && (known.length || (!loose.length && stdin === null))) {
    const r = lintRepo({ ...opts, files: known }, readText);
    reports.push(...r.reports);
    repo = r.repo;
  }
  const looseFiles = looseList(opts, root === null && !opts.files.length && stdin === null ? discovered(opts) : loose, readText);
  if (stdin !== null) looseFiles.push({ dockerfile: STDIN_NAME, text: stdin, context: opts.context, abs: null });
  if (looseFiles.length) {
    const config = readConfig(opts.config ?? path.join(opts.cwd, CONFIG_FILE), root ?? opts.cwd);
    const settings = new Map([...config.rules, ...opts.rules]);
    reports.push(...await lintLoose(looseFiles, { settings, builder: config.builder, platformArgs: platformArgs(opts.arch), cwd: opts.cwd }));
  }
  return { repo, against: 'HEAD', reports: withoutRepeatedFindings(reports) };
}

/** Outside git and nothing named: the Dockerfiles under the working directory (vendor/, node_modules/ left out). */
function discovered(opts: CheckOptions): string[] {
  const found = findDockerfiles(opts.cwd).files;
  return discoverDockerfiles(found, [], opts.exclude).map((t) => path.join(opts.cwd, t.dockerfile));
}

function looseList(opts: CheckOptions, files: readonly string[], readText: (abs: string) => string | null): LooseDockerfile[] {
  return files.flatMap((abs) => {
    const text = readText(abs);
    return text === null ? [] : [{ dockerfile: path.relative(opts.cwd, abs).split(path.sep).join('/') || abs, text, context: opts.context ?? path.dirname(abs), abs }];
  });
}

function repoRootOrNull(cwd: string): string | null {
  try {
    return openRepo(cwd).root;
  } catch (err) {
    if (err instanceof GitError) return null;
    throw err;
  }
}

function isInside(root: string, abs: string): boolean {
  const rel = path.relative(root, abs);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
