/** `layerplan timings`: record how long each step of a real BuildKit build took, from its plain log. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { defaultStoreDir, recordTimings, type StepTiming } from '../../store/index.js';
import { formatSeconds } from '../../timings/duration.js';
import { mapToSteps, type StepMapping } from '../../timings/map-to-steps.js';
import { timingsOf } from '../../timings/to-timings.js';
import { looksLikeBuildah, parseBuildkitLog, type BuildkitLog } from '../../timings/parse-buildkit-log.js';
import type { Plan } from '../../plan/index.js';
import { hostOf, type Command, type CommandIO } from '../command.js';
import { CliError, usageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { folderArg, parseFlags } from '../flags.js';
import { planBuild } from '../../app/build.js';
import { SourceMissingError } from '../../app/errors.js';
import { recordPlan } from '../../app/record.js';
import { gitOfBuild } from '../../git/records-built.js';
import { truncate } from '../../views/format.js';
import { buildArgMap, defaultDockerfile } from './build.js';
import { errorCode, errorMessage } from '../../lang/error-code.js';

const HELP = `Usage: layerplan timings [DIR] [options] < build.log

Reads the plain output of a real BuildKit build of DIR and records how long
each step that ran took (steps taken from the cache are not timed). Later
plans (build, the TUI, check) then say what a rebuild costs, and check
treats a RUN as expensive when its recorded duration is 10 s or more.

The steps are matched to the Dockerfile as \`layerplan build --dry-run\`
plans it now, so pass the same -f, --target and --build-arg as the build,
and read the log before the Dockerfile or the context change.

Only BuildKit prints durations (docker build with BuildKit, docker buildx
build): use --progress=plain. buildah 1.28 prints no per-step durations
(bud has no timestamp option for steps), so its logs cannot be read.

Options:
      --log FILE         read the build log from FILE (default: standard input)
  -f, --file FILE        Dockerfile that was built (default: DIR/Dockerfile, else DIR/Containerfile)
      --target STAGE     the --target the build used
      --build-arg K=V    a --build-arg the build used (repeatable)
      --cache-dir DIR    cache store (default: $LAYERPLAN_CACHE_DIR, else $XDG_CACHE_HOME/layerplan,
                         else ~/.cache/layerplan); durations go to DIR/timings.json
      --json             print what was recorded as JSON
      --debug            show stack traces for errors

Exit codes: 0 ok, 2 bad usage, 3 bad input (no BuildKit steps in the log, none match the Dockerfile).

Examples:
  DOCKER_BUILDKIT=1 docker build --progress=plain . 2>&1 | tee build.log | layerplan timings .
  layerplan timings . --log build.log -f docker/app.Dockerfile --target prod
  docker buildx build --progress=plain --build-arg V=2 . 2>&1 | layerplan timings . --build-arg V=2
`;

interface TimingsOptions {
  readonly contextDir: string;
  readonly dockerfile: string;
  readonly target: string | null;
  readonly buildArgs: Map<string, string>;
  readonly storeDir: string;
  readonly log: string | null;
  readonly json: boolean;
}

function parseTimingsArgs(argv: string[], io: CommandIO): TimingsOptions {
  const { values, positionals } = parseFlags('timings', argv, {
    log: { type: 'string' },
    file: { type: 'string', short: 'f' },
    target: { type: 'string' },
    'build-arg': { type: 'string', multiple: true },
    'cache-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
    debug: { type: 'boolean', default: false },
  });
  const contextDir = folderArg('timings', positionals, io.cwd);
  if (!existsSync(contextDir) || !statSync(contextDir).isDirectory()) {
    throw new CliError(`build context ${contextDir} is not a folder; pass the folder that was built`, 'E_NO_CONTEXT');
  }
  return {
    contextDir,
    dockerfile: values.file ? path.resolve(io.cwd, values.file) : defaultDockerfile(contextDir),
    target: values.target ?? null,
    buildArgs: buildArgMap(values['build-arg'] ?? [], io.env),
    storeDir: defaultStoreDir(values['cache-dir'], io.env),
    log: values.log ? path.resolve(io.cwd, values.log) : null,
    json: values.json ?? false,
  };
}

async function readLog(opts: TimingsOptions, io: CommandIO): Promise<string> {
  if (opts.log) {
    try {
      return readFileSync(opts.log, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read the build log ${opts.log}: ${errorCode(err) ?? errorMessage(err)}; check the path given to --log`, 'E_NO_LOG');
    }
  }
  if (io.stdin.isTTY) throw usageError('no build log: pipe one in (docker build --progress=plain . 2>&1 | layerplan timings .) or pass --log FILE');
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The log's vertices, or an error saying how to get a log with them. */
function readVertices(text: string, source: string): BuildkitLog {
  const log = parseBuildkitLog(text);
  if (log.vertices.length) return log;
  if (looksLikeBuildah(text)) throw new CliError(`${source} is buildah output: buildah 1.28 prints no per-step durations, so only BuildKit logs can be read`, 'E_NO_TIMINGS');
  throw new CliError(`${source} has no BuildKit steps ("#N [stage i/n] ..."): build with DOCKER_BUILDKIT=1 docker build --progress=plain and pass all of its output (2>&1)`, 'E_NO_TIMINGS');
}

async function run(argv: string[], io: CommandIO): Promise<number> {
  const opts = parseTimingsArgs(argv, io);
  const source = opts.log ?? 'the log on standard input';
  const log = readVertices(await readLog(opts, io), source);
  const { outcome } = await planBuild({ ...opts, builder: 'buildkit', record: null }, hostOf(io));
  if (outcome.kind === 'source-missing') throw new SourceMissingError(opts.dockerfile, outcome.missing);
  const plan = outcome.plan;
  const mapping = mapToSteps(plan, log.vertices);
  const matched = log.vertices.length - mapping.unmatched.length;
  if (!matched) {
    throw new CliError(`none of the ${log.vertices.length} steps in ${source} match ${plan.dockerfile}: pass the Dockerfile (-f), --target and --build-arg the build used`, 'E_NO_MATCH');
  }
  const timings = timingsOf(plan, mapping, hostOf(io).now().toISOString());
  const file = timings.length ? recordTimings(opts.storeDir, timings) : null;
  // A build that finished has every key of the plan in its cache: record it, so the next plan hits them too.
  const finished = mapping.unfinished === 0 && mapping.unmatched.length === 0;
  // What git had checked out is noted as `build --exec` notes it, so shared records can skip unchanged Dockerfiles.
  if (finished) recordPlan(plan, { ...opts, git: gitOfBuild(opts.contextDir, plan.dockerfile, plan.builder) }, 'timings', hostOf(io));
  if (!opts.json) io.stderr.write(finished ? 'recorded the build as a run: the next plan compares with it\n' : 'the build did not finish (or other steps are in the log): its layers are not recorded as cached\n');
  io.stdout.write(opts.json ? `${JSON.stringify(toJson(plan, mapping, timings, file, log.builds), null, 2)}\n` : renderTimings(plan, mapping, timings, file, log.builds));
  return EXIT.ok;
}

function renderTimings(plan: Plan, mapping: StepMapping, timings: readonly StepTiming[], file: string | null, builds: number): string {
  const out: string[] = [];
  if (builds > 1) out.push(`the log holds ${builds} builds; read the last one`);
  const counts = [`${timings.length} ran`, `${mapping.cached} cached`];
  if (mapping.unfinished) counts.push(`${mapping.unfinished} failed or unfinished (not timed)`);
  if (mapping.unkeyed) counts.push(`${mapping.unkeyed} in stages this plan skips (not timed)`);
  out.push(`${plan.dockerfile}: ${counts.join(', ')}`);
  for (const t of mapping.timed) out.push(`  ${formatSeconds(t.seconds).padStart(7)}  ${String(t.step.step.instruction.line).padStart(4)}  ${truncate(t.step.step.instruction.text.replace(/\s*\n\s*/g, ' '), 60)}`);
  out.push(file ? `recorded ${timings.length} step duration${timings.length === 1 ? '' : 's'} in ${file}` : 'nothing ran: no durations to record');
  if (mapping.unmatched.length) {
    out.push(`not matched to a step of this Dockerfile (an ONBUILD trigger, or another -f, --target or --build-arg): ${mapping.unmatched.map((v) => `[${v.stage ? `${v.stage} ` : ''}${v.index}/${v.total}] ${truncate(v.text, 40)}`).join('; ')}`);
  }
  return `${out.join('\n')}\n`;
}

function toJson(plan: Plan, mapping: StepMapping, timings: readonly StepTiming[], file: string | null, builds: number): object {
  return {
    schemaVersion: 1,
    dockerfile: plan.dockerfile,
    timingsFile: file,
    builds,
    recorded: mapping.timed.map((t) => ({ stage: t.step.stage, line: t.step.step.instruction.line, instruction: t.step.step.instruction.text, key: t.step.key?.key ?? null, seconds: t.seconds })),
    cached: mapping.cached,
    unfinished: mapping.unfinished,
    unkeyed: mapping.unkeyed,
    unmatched: mapping.unmatched.map((v) => ({ stage: v.stage, index: v.index, total: v.total, text: v.text })),
    ...(timings.length ? {} : { note: 'nothing ran: no durations to record' }),
  };
}

export const command: Command = { name: 'timings', summary: 'Record how long each step of a real BuildKit build took, from its --progress=plain log', help: HELP, run };
