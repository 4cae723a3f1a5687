/** `layerplan check`: what this commit does to the layer cache of every Dockerfile in the repository. */
import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { checkRepo, type CheckOptions, type CheckReport } from '../../app/check.js';
import { defaultStoreDir, readTimings } from '../../store/fs-store.js';
import { indexTimings } from '../../store/index-timings.js';
import type { StepDurations } from '../../store/types.js';
import { RULES, type Finding, type Severity } from '../../rules/index.js';
import { renderFindingsCheckstyle } from '../../views/findings-checkstyle.js';
import { renderFindingsGithub } from '../../views/findings-github.js';
import { findingsGitlab } from '../../views/findings-gitlab.js';
import { findingsJson } from '../../views/findings-json.js';
import { toSarif } from '../../views/findings-sarif.js';
import { renderFindingsText } from '../../views/findings-text.js';
import { hostOf, type Command, type CommandIO } from '../command.js';
import { usageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { flagString, flagStrings, isOneOf, parseFlags, type FlagValues } from '../flags.js';
import { makePaint } from '../paint.js';
import { VERSION } from '../version.js';
import { buildArgMap } from '../build-args.js';
import type { Paint } from '../../views/paint.js';
import { assertNever } from '../../lang/assert-never.js';

const HELP = `Usage: layerplan check [options]

Plans every Dockerfile of the git repository twice, in memory: as staged (the
index, not the working tree: unstaged edits do not count) and as in HEAD. It
reports every step the commit turns from cached into rebuilt, with the files
responsible, flags cache busts (an expensive step rebuilt for files it does
not need) and runs the static cache rules (see layerplan lint). Only
Dockerfiles whose Dockerfile, ignore file or context the change touches are
planned. File contents are compared by git's blob ids: nothing is re-read.

Options:
      --staged           compare the index with HEAD (the default; the pre-commit hook passes it)
      --against REV      compare the index with REV instead of HEAD (e.g. origin/main in CI)
      --against NAME     plan the index against the shared build records NAME (refs/layerplan/NAME,
                         fetched by layerplan pull): what CI's cache will rebuild for this commit,
                         offline, saying how old the pulled copy is (heads/NAME for a branch NAME)
  -f, --file FILE        check only this Dockerfile (repeatable)
      --context DIR      build context of the -f files (default: each one's folder)
      --exclude PATTERN  skip Dockerfiles matching PATTERN (.dockerignore syntax; repeatable)
      --target STAGE     plan the stages STAGE needs in every checked Dockerfile (default: what its
                         compose service, bake target, workflow step or .layerplan.json entry builds,
                         else the last stage)
      --build-arg K=V    a build argument over the definitions' own (repeatable)
      --service NAME     check only the build of this compose service / bake target / workflow step
                         (repeatable)
      --config FILE      config file (default: .layerplan.json at the repository root)
      --disable ID       turn a rule off, e.g. --disable LP301 (repeatable; --ignore ID is the same)
      --fail-on LEVEL    exit 1 on: error (default), bust (cache busts too), warning (any warning),
                         info (any finding), never
      --failure-threshold LEVEL  hadolint's name: error, warning, info (style), none
      --no-fail          exit 0 whatever is found
      --strict           same as --fail-on bust: refuse the commit on a cache bust
      --format F         text (default), github (workflow annotations), sarif (SARIF 2.1.0), json,
                         checkstyle (XML), gitlab (code quality report)
      --json             same as --format json
      --no-color         no colours (also: NO_COLOR=1)
      --debug            show stack traces for errors

A Dockerfile that compose.yaml, docker-bake.hcl or a .github/workflows step
(docker/build-push-action, docker/bake-action) builds is planned as each of
them builds it: its target stage, args and context.

The report goes to stdout, errors to stderr.

Exit codes: 0 ok (warnings alone do not fail), 1 findings at the --fail-on level, 2 bad usage,
3 bad input (not a git repository, unreadable config).

Examples:
  layerplan check                                 what would this commit rebuild?
  layerplan check --strict                        refuse commits that bust the cache
  layerplan check --against origin/main --format github   annotate a pull request
  layerplan pull && layerplan check --staged --against ci   what CI will rebuild for this commit
  layerplan check --format sarif > layerplan.sarif        upload to code scanning
`;

const FAIL_ON = ['error', 'bust', 'warning', 'info', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];
export type Format = 'text' | 'github' | 'sarif' | 'json' | 'checkstyle' | 'gitlab';
const FORMATS: readonly Format[] = ['text', 'github', 'sarif', 'json', 'checkstyle', 'gitlab'];
/** hadolint's --failure-threshold levels, as --fail-on levels (style is hadolint's lowest; we have info). */
const THRESHOLDS: Readonly<Record<string, FailOn>> = { error: 'error', warning: 'warning', info: 'info', style: 'info', ignore: 'never', none: 'never' };

export interface ReportOptions {
  readonly check: CheckOptions;
  /** `-` was given: the Dockerfile is read from stdin (lint only). */
  readonly stdin: boolean;
  readonly failOn: FailOn;
  readonly format: Format;
  readonly color: boolean;
}

/** Flags shared by check and lint. */
export function parseReportArgs(argv: string[], io: CommandIO, name: string, extra: NonNullable<ParseArgsConfig['options']> = {}): { opts: ReportOptions; values: FlagValues } {
  const parsed = parseFlags(name, argv, {
    ...extra,
    file: { type: 'string', short: 'f', multiple: true },
    context: { type: 'string' },
    exclude: { type: 'string', multiple: true },
    target: { type: 'string' },
    'build-arg': { type: 'string', multiple: true },
    service: { type: 'string', multiple: true },
    config: { type: 'string' },
    disable: { type: 'string', multiple: true },
    ignore: { type: 'string', multiple: true },
    'fail-on': { type: 'string' },
    'failure-threshold': { type: 'string' },
    'no-fail': { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    format: { type: 'string', default: 'text' },
    json: { type: 'boolean', default: false },
    'no-color': { type: 'boolean', default: false },
    debug: { type: 'boolean', default: false },
  }, name === 'lint');
  const v: FlagValues = parsed.values;
  const format = v.json ? 'json' : flagString(v, 'format') ?? 'text';
  if (!isOneOf(FORMATS, format)) throw usageError(`--format must be ${FORMATS.slice(0, -1).join(', ')} or ${FORMATS.at(-1)}, not "${format}"`);
  const failOn = failOnOf(v);
  const known = new Set([...RULES.map((r) => r.id), 'LP001']);
  const disabled = [...flagStrings(v, 'disable'), ...flagStrings(v, 'ignore')].map((d) => d.toUpperCase());
  const unknown = disabled.find((d) => !known.has(d));
  if (unknown) throw usageError(`--disable ${unknown}: no such rule (rules: ${[...known].sort().join(', ')})`);
  const named = [...flagStrings(v, 'file'), ...parsed.positionals];
  const files = named.filter((f) => f !== '-').map((f) => resolve(io.cwd, f));
  const check: CheckOptions = {
    cwd: io.cwd,
    arch: hostOf(io).arch,
    against: flagString(v, 'against') ?? 'HEAD',
    files,
    context: typeof v.context === 'string' ? resolve(io.cwd, v.context) : null,
    exclude: flagStrings(v, 'exclude'),
    config: typeof v.config === 'string' ? resolve(io.cwd, v.config) : null,
    rules: new Map(disabled.map((d) => [d, 'off' as const])),
    target: typeof v.target === 'string' ? v.target : null,
    buildArgs: buildArgMap(flagStrings(v, 'build-arg'), io.env),
    services: flagStrings(v, 'service'),
    env: io.env,
    // Not a flag: the self-check that the restricted keys report what full ones do (run by the test suite).
    ...(io.env.LAYERPLAN_CHECK_DERIVATION === 'both' || io.env.LAYERPLAN_CHECK_DERIVATION === 'full' ? { derivation: io.env.LAYERPLAN_CHECK_DERIVATION } : {}),
  };
  return { opts: { check, stdin: named.includes('-'), failOn, format, color: !v['no-color'] && !io.env.NO_COLOR }, values: v };
}

/** --no-fail, else --strict, else --failure-threshold (hadolint's name), else --fail-on; error by default. */
function failOnOf(v: FlagValues): FailOn {
  if (v['no-fail']) return 'never';
  if (v.strict) return 'bust';
  const threshold = flagString(v, 'failure-threshold');
  if (threshold !== undefined) {
    const at = THRESHOLDS[threshold.toLowerCase()];
    if (!at) throw usageError(`--failure-threshold must be ${Object.keys(THRESHOLDS).join(', ')}, not "${threshold}"`);
    return at;
  }
  const failOn = flagString(v, 'fail-on') ?? 'error';
  if (!isOneOf(FAIL_ON, failOn)) throw usageError(`--fail-on must be error, bust, warning, info or never, not "${failOn}"`);
  return failOn;
}

/** Prints the report in the chosen format and returns the exit code. */
export function emitReport(report: CheckReport, opts: ReportOptions, io: CommandIO): number {
  const findings = report.reports.flatMap((r) => r.findings);
  switch (opts.format) {
    case 'json':
      io.stdout.write(`${JSON.stringify(findingsJson(report), null, 2)}\n`);
      break;
    case 'sarif':
      io.stdout.write(`${JSON.stringify(toSarif(findings, RULES, VERSION), null, 2)}\n`);
      break;
    case 'github':
      io.stdout.write(renderFindingsGithub(findings));
      break;
    case 'checkstyle':
      io.stdout.write(renderFindingsCheckstyle(findings));
      break;
    case 'gitlab':
      io.stdout.write(`${JSON.stringify(findingsGitlab(findings), null, 2)}\n`);
      break;
    case 'text':
      // stdout like every linter (`layerplan lint > report.txt`); git shows a hook's stdout too.
      io.stdout.write(renderFindingsText(report, paintFor(opts.color, io)));
      break;
    default:
      assertNever(opts.format);
  }
  return fails(findings, opts.failOn) ? EXIT.failed : EXIT.ok;
}

function paintFor(color: boolean, io: CommandIO): Paint {
  return makePaint(color && (Boolean((io.stdout as { isTTY?: boolean }).isTTY) || Boolean(io.env.FORCE_COLOR)));
}

export function fails(findings: readonly Finding[], failOn: FailOn): boolean {
  const at: Record<FailOn, (f: Finding) => boolean> = {
    never: () => false,
    error: (f) => f.severity === 'error',
    bust: (f) => f.severity === 'error' || (f.bust && f.severity !== 'info'),
    warning: (f) => f.severity !== 'info',
    info: () => true,
  };
  return findings.some(at[failOn]);
}

async function run(argv: string[], io: CommandIO): Promise<number> {
  const { opts } = parseReportArgs(argv, io, 'check', { staged: { type: 'boolean', default: false }, against: { type: 'string' } });
  const against = opts.check.against;
  if (against !== 'HEAD' && (await import('../../git/records.js')).isCacheName(against)) {
    // refs/layerplan/NAME, read by the check itself: no git process to ask first whether it exists.
    const shared = await checkShared(opts, against, io);
    if (shared !== null) return shared;
    if (await missingRevision(against, io.cwd)) {
      // The hook's case in a clone that never pulled: say what to do, and let the commit through.
      io.stderr.write(`layerplan: no shared records "${against}" in this clone yet, and no revision of that name: run layerplan pull; nothing checked\n`);
      return EXIT.ok;
    }
  }
  const durations = (): StepDurations => indexTimings(readTimings(defaultStoreDir(undefined, io.env)) ?? []);
  const report = await checkRepo({ ...opts.check, durations });
  return emitReport(report, opts, io);
}

/**
 * `--against NAME` names shared records when refs/layerplan/NAME exists (heads/NAME still names a branch of that
 * name); a name that could be records and is neither those nor a revision is missing: inside a repository that
 * has no revision of that name.
 */
async function missingRevision(against: string, cwd: string): Promise<boolean> {
  const { tryGit } = await import('../../git/run-git.js');
  const inRepo = tryGit(cwd, ['rev-parse', '--git-dir']) !== null;
  return inRepo && tryGit(cwd, ['rev-parse', '--verify', '-q', `${against}^{commit}`]) === null;
}

/**
 * The index planned against a team's shared records: what their builder (CI) will rebuild for this commit;
 * null when there are no records of that name (or no repository: the revision's check says so).
 */
async function checkShared(opts: ReportOptions, name: string, io: CommandIO): Promise<number | null> {
  const [{ checkAgainstShared }, { NoSharedRecords }, { sharedLine }, { GitError }] = await Promise.all([import('../../app/check-shared.js'), import('../../app/shared-records.js'), import('../../views/basis-text.js'), import('../../git/run-git.js')]);
  let report;
  try {
    report = await checkAgainstShared(opts.check, name);
  } catch (err) {
    if (err instanceof NoSharedRecords || (err instanceof GitError && err.args[0] === 'rev-parse')) return null;
    throw err;
  }
  if (opts.format !== 'text') return emitReport(report, opts, io);
  // stdout, as every other report (`layerplan check --against ci > report.txt`).
  io.stdout.write(renderFindingsText(report, paintFor(opts.color, io), [sharedLine(report.shared, new Date())]));
  return fails(report.reports.flatMap((r) => r.findings), opts.failOn) ? EXIT.failed : EXIT.ok;
}

export type { Severity };
export const command: Command = { name: 'check', summary: 'Before a commit: which cached layers it would rebuild, cache busts, and how to fix them', help: HELP, run };
