/** `layerplan build`: plan the next docker build of a folder against the builds recorded so far, and report. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { BUILDERS, type Builder } from '../../key/index.js';
import { defaultStoreDir } from '../../store/index.js';
import { toJson } from '../../views/json.js';
import { renderText } from '../../views/text.js';
import { basisLine, engineHistoryLine, sharedLine } from '../../views/basis-text.js';
import { renderMarkdown } from '../../views/markdown.js';
import { hostOf, type Command, type CommandIO } from '../command.js';
import type { BuilderName } from '../../builders/command.js';
import { CliError, usageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { wantsTui } from '../interactive.js';
import { parseFlags } from '../flags.js';
import { buildArgMap } from '../build-args.js';
import type { BuildDefinition } from '../../definitions/index.js';
import { chooseDefinitions, definitionKey, heading, loadChosen, namedContextNote, unplanned, unplannedText, type DefinitionChoice, type Unplanned } from './build-definitions.js';
import { makePaint, wantsColor } from '../paint.js';
import { planBuild, type PlannedBuild } from '../../app/build.js';
import type { Plan } from '../../plan/index.js';
import { SourceMissingError } from '../../app/errors.js';
import { knownSize, type BaseLayer, type BaseNote } from '../../layers/base-layers.js';
import { bytes } from '../../image/render-text.js';

const HELP = `Usage: layerplan build [DIR] [options]

Plans the next \`docker build DIR\`: for every instruction, whether the builder
takes it from its cache or rebuilds it, and why. A plan is compared with what
real builds left behind (builds logged with \`layerplan timings\`); the report
says which build in one line. A plan is a prediction: it records nothing, so
a second plan gives the same answer. If you build in a way layerplan cannot
see and want the next plan to count this one as built, pass --assume-built.

 With --exec it runs the real build (docker buildx build, else docker build;
buildah bud or podman build with --builder), shows for every step what was
predicted and what the builder did, and records that build: later plans
compare with it, and \`layerplan explain\` says why its steps missed.

Usage with a real build:
  layerplan build [DIR] --exec [options] [-- BUILDER-ARGS...]

Options:
  -f, --file FILE        Dockerfile to plan (default: DIR/Dockerfile, else DIR/Containerfile)
      --target STAGE     plan only the stages STAGE needs (default: the last stage)
      --build-arg K=V    set a build argument; K alone takes its value from the environment (repeatable)
      --service NAME     plan this compose service (repeatable; default: every service with a build section)
      --bake-target NAME plan this bake target or group (repeatable; default: the group "default")
      --compose-file F   compose file(s) to read, as docker compose -f (default: COMPOSE_FILE, else
                         DIR/compose.yaml and its override file)
      --bake-file F      bake file(s) to read, as docker buildx bake -f (default: BUILDX_BAKE_FILE, else
                         buildx's list: compose files, docker-bake.json/.hcl and their overrides)
      --builder B        buildkit, buildah or podman (podman: buildah's rules) (default: buildkit)
      --exec             run the real build after planning; the builder's own progress stream
                         says what it did; arguments after -- go to the builder unchanged.
                         Builders: LAYERPLAN_DOCKER / LAYERPLAN_BUILDAH / LAYERPLAN_PODMAN, else PATH
      --cache-dir DIR    cache store (default: $LAYERPLAN_CACHE_DIR, else $XDG_CACHE_HOME/layerplan,
                         else ~/.cache/layerplan)
      --json             print the plan as JSON (schemaVersion 1); the same as --format json
      --format F         text, json or markdown (a table of the steps that rebuild, for a PR comment
                         or $GITHUB_STEP_SUMMARY)
      --against NAME     compare with a team's shared real builds (refs/layerplan/NAME, see layerplan
                         push and pull) instead of this machine's store
      --assume-built     count this plan as built: record it, so the next plan compares with it
                         (also: LAYERPLAN_ASSUME_BUILT=1); --dry-run wins over it
      --dry-run          record nothing (a plain plan records nothing anyway; kept for scripts);
                         with --exec: plan and show, without building
      --exit-code        exit 10 when any step would be rebuilt, 0 when all are cached;
                         with --exec: 10 when any step was actually rebuilt
      --no-color         no colours (also: NO_COLOR=1)
      --no-tui           print the plain report even in a terminal (also when CI is set or output is piped)
      --debug            show stack traces for errors

With no Dockerfile in DIR but a compose or bake file (or with --service,
--bake-target), every service or target is planned as Compose or bake builds
it (its Dockerfile, context, target and args), one section each; --json then
prints {"schemaVersion": 1, "plans": [...]}, each with "service" or "bakeTarget".

Exit codes: 0 ok, 2 bad usage, 3 bad input (Dockerfile, context, no builder), 10 would rebuild
(--exit-code); with --exec the builder's own status when the build fails, 130 when interrupted.

Examples:
  layerplan build .                                  plan ./Dockerfile
  layerplan build . -f docker/app.Dockerfile --target prod
  layerplan build . --build-arg VERSION=2           what would a new VERSION rebuild?
  layerplan build . --service vote                   the vote service of ./compose.yaml
  layerplan build . --bake-target validate           every target of bake's validate group
  layerplan build . --assume-built                   plan, and count the plan as the build you run yourself
  layerplan build . --json | jq '.steps[] | select(.status=="rebuilt")'
  layerplan build . --exit-code || echo "CI will rebuild layers"
  layerplan pull && layerplan build . --against ci   what will CI's cache rebuild for this tree?
  layerplan build . --against ci --format markdown >> "$GITHUB_STEP_SUMMARY"
  layerplan build . --exec -- --network none -t app:dev     build for real; predicted → actual per step
  layerplan build . --exec --builder buildah                the same with buildah bud --layers
`;

export interface BuildOptions {
  readonly contextDir: string;
  readonly dockerfile: string;
  readonly target: string | null;
  readonly buildArgs: Map<string, string>;
  readonly builder: Builder;
  /** The program --exec runs: docker for BuildKit, buildah, or podman (planned with buildah's rules). */
  readonly runner: BuilderName;
  readonly exec: boolean;
  /** Arguments after `--`, for the builder. */
  readonly passthrough: readonly string[];
  readonly storeDir: string;
  readonly json: boolean;
  readonly markdown: boolean;
  /** A shared records name (--against), or null for the local store. */
  readonly against: string | null;
  readonly dryRun: boolean;
  /** Record the plan as a build (--assume-built or LAYERPLAN_ASSUME_BUILT), unless --dry-run. */
  readonly assumeBuilt: boolean;
  readonly exitCode: boolean;
  readonly color: boolean;
  readonly noTui: boolean;
  /** Compose or bake definitions to plan instead of one Dockerfile (null: a plain docker build). */
  readonly definitions: DefinitionChoice | null;
}

export function parseBuildArgs(all: string[], io: CommandIO): BuildOptions {
  const dashes = all.indexOf('--');
  const argv = dashes < 0 ? all : all.slice(0, dashes);
  const passthrough = dashes < 0 ? [] : all.slice(dashes + 1);
  const parsed = parseFlags('build', argv, {
    exec: { type: 'boolean', default: false },
    file: { type: 'string', short: 'f' },
    target: { type: 'string' },
    'build-arg': { type: 'string', multiple: true },
    builder: { type: 'string', default: 'buildkit' },
    'cache-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
    format: { type: 'string' },
    against: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    'assume-built': { type: 'boolean', default: false },
    'exit-code': { type: 'boolean', default: false },
    'no-color': { type: 'boolean', default: false },
    'no-tui': { type: 'boolean', default: false },
    debug: { type: 'boolean', default: false },
    service: { type: 'string', multiple: true },
    'bake-target': { type: 'string', multiple: true },
    'compose-file': { type: 'string', multiple: true },
    'bake-file': { type: 'string', multiple: true },
  });
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw usageError(`build takes one folder, got ${positionals.length}: ${positionals.join(' ')}`);
  const contextDir = path.resolve(io.cwd, positionals[0] ?? '.');
  if (!existsSync(contextDir) || !statSync(contextDir).isDirectory()) {
    throw new CliError(`build context ${contextDir} is not a folder; pass the folder that holds your build context`, 'E_NO_CONTEXT');
  }
  if (values.format !== undefined && !['text', 'json', 'markdown'].includes(values.format)) throw usageError(`--format must be text, json or markdown, not "${values.format}"`);
  if (values.against !== undefined && values['assume-built']) throw usageError('--against plans with shared records, which --assume-built cannot add to; record with layerplan build --exec and layerplan push');
  const runner: BuilderName = values.builder === 'podman' ? 'podman' : values.builder === 'buildah' ? 'buildah' : 'docker';
  const builder = (values.builder === 'podman' ? 'buildah' : values.builder) as Builder;
  if (!BUILDERS.includes(builder)) throw usageError(`--builder must be one of ${[...BUILDERS, 'podman'].join(', ')}, not "${values.builder}"`);
  if (passthrough.length && !values.exec) throw usageError('arguments after -- go to the builder, which only --exec runs; add --exec');
  const dockerfile = values.file ? path.resolve(io.cwd, values.file) : defaultDockerfile(contextDir);
  const flags = { dockerfileGiven: Boolean(values.file), services: values.service ?? [], bakeTargets: values['bake-target'] ?? [], composeFiles: values['compose-file'] ?? [], bakeFiles: values['bake-file'] ?? [] };
  return {
    contextDir,
    definitions: chooseDefinitions(contextDir, dockerfile, flags, io),
    dockerfile,
    target: values.target ?? null,
    buildArgs: buildArgMap(values['build-arg'] ?? [], io.env),
    builder,
    runner,
    exec: values.exec ?? false,
    passthrough,
    storeDir: defaultStoreDir(values['cache-dir'], io.env),
    json: values.json === true || values.format === 'json',
    markdown: values.format === 'markdown',
    against: values.against ?? null,
    dryRun: values['dry-run'] ?? false,
    assumeBuilt: !values['dry-run'] && (Boolean(values['assume-built']) || isSet(io.env.LAYERPLAN_ASSUME_BUILT)),
    exitCode: values['exit-code'] ?? false,
    color: wantsColor(Boolean(values['no-color']), io),
    noTui: values['no-tui'] ?? false,
  };
}

/** An environment switch: set and not empty, 0, false or no. */
function isSet(value: string | undefined): boolean {
  return value !== undefined && !/^(|0|false|no|off)$/i.test(value.trim());
}

export { buildArgMap };

export function defaultDockerfile(dir: string): string {
  const docker = path.join(dir, 'Dockerfile');
  const container = path.join(dir, 'Containerfile');
  return !existsSync(docker) && existsSync(container) ? container : docker;
}


async function run(argv: string[], io: CommandIO): Promise<number> {
  const opts = parseBuildArgs(argv, io);
  if (opts.definitions) return runDefinitions(opts, opts.definitions, io);
  return runOne(opts, io);
}

/** Every compose service / bake target: one plan each; alone, it is reported as a plain build is. */
async function runDefinitions(opts: BuildOptions, choice: DefinitionChoice, io: CommandIO): Promise<number> {
  const defs = loadChosen(opts.contextDir, choice, io);
  if (!defs.length) throw new CliError(`no ${choice.kind === 'compose' ? 'compose service has a build section' : 'bake target to build'} in ${opts.contextDir}; pass a Dockerfile with -f`, 'E_NO_DOCKERFILE');
  const one = defs.length === 1 ? defs[0] : undefined;
  if (one && !unplanned(one)) return runOne(forDefinition(opts, one), io);
  const sections: { def: BuildDefinition; planned: (PlannedBuild & { readonly plan: Plan }) | null; why: Unplanned | null }[] = [];
  for (const def of defs) {
    const why = unplanned(def);
    sections.push({ def, why, planned: why ? null : await planDefinition(forDefinition(opts, def), io) });
  }
  if (opts.json) {
    const plans = sections.map(({ def, planned, why }) => ({
      ...definitionKey(def),
      definedIn: def.origin.file,
      ...(planned ? toJson(planned.plan, { context: forDefinition(opts, def).contextDir, dryRun: opts.dryRun, assumeBuilt: opts.assumeBuilt, comparedWith: planned.basis, bases: planned.bases }) : { notPlanned: why }),
    }));
    io.stdout.write(`${JSON.stringify({ schemaVersion: 1, plans }, null, 2)}\n`);
  } else {
    const paint = makePaint(opts.color);
    for (const { def, planned, why } of sections) {
      io.stdout.write(`${paint.bold(heading(def, opts.contextDir))}\n`);
      const notes = [namedContextNote(def)].filter((n): n is string => n !== null);
      if (!planned) io.stdout.write(`${unplannedText(why as Unplanned)}\n\n`);
      else io.stdout.write(`${renderText(planned.plan, paint, [basisLine(planned.basis), ...notes, ...baseLines(planned.bases)])}\n`);
    }
  }
  const rebuilt = sections.some((s) => (s.planned?.plan.summary.rebuilt ?? 0) > 0);
  return opts.exitCode && rebuilt ? EXIT.wouldRebuild : EXIT.ok;
}

/** One definition's plan (recorded when --assume-built); a missing source fails as the real build would. */
async function planDefinition(opts: BuildOptions, io: CommandIO): Promise<PlannedBuild & { readonly plan: Plan }> {
  const planned = await planBuild({ ...opts, record: opts.assumeBuilt ? 'assumed' : null }, hostOf(io));
  if (planned.outcome.kind === 'source-missing') throw new SourceMissingError(opts.dockerfile, planned.outcome.missing);
  return { ...planned, plan: planned.outcome.plan };
}

/** The build options of one definition: its context, Dockerfile, target and args, the flags over them. */
function forDefinition(opts: BuildOptions, def: BuildDefinition): BuildOptions {
  const contextDir = def.context.kind === 'local' ? def.context.path : opts.contextDir;
  const dockerfile = def.dockerfile.kind === 'file' ? def.dockerfile.path : opts.dockerfile;
  return { ...opts, definitions: null, contextDir, dockerfile, target: opts.target ?? def.target, buildArgs: new Map([...def.args, ...opts.buildArgs]) };
}

async function runOne(opts: BuildOptions, io: CommandIO): Promise<number> {
  if (opts.exec && !opts.dryRun) return (await import('./build-exec.js')).runExec(opts, io, baseLines);
  // Ink and React load only here: --json, the plain report and the pre-commit check never pay for them.
  const tui = wantsTui(io, opts) && !opts.markdown ? await import('../build-tui.js') : null;
  const session = tui?.startTuiSession(io, opts.color);
  try {
    const shared = opts.against ? await openShared(opts.contextDir, opts.against, opts.storeDir) : null;
    const engineHistory = !shared && String(opts.builder).startsWith('buildkit') && !io.env.LAYERPLAN_NO_ENGINE;
    const request = { ...opts, ...(shared ? { store: shared.store } : {}), engineHistory, onProgress: session?.progress, record: opts.assumeBuilt ? 'assumed' as const : null };
    const { outcome, bases, basis, engineImport } = await planBuild(request, hostOf(io));
    // The real build would fail here too (what it built before failing is recorded as cached when it counts as built).
    if (outcome.kind === 'source-missing') throw new SourceMissingError(opts.dockerfile, outcome.missing);
    const plan = outcome.plan;
    const learnt = engineImport?.kind === 'imported' || engineImport?.kind === 'skipped' ? [engineHistoryLine(engineImport)] : [];
    const compared = [...learnt, shared ? `${sharedLine(shared)}; ${basisLine(basis)}` : basisLine(basis)].join('\n');
    if (tui && session) await tui.showBuildPlan(session, plan, bases, opts.color, compared);
    else if (opts.markdown) io.stdout.write(renderMarkdown(plan, [compared]));
    else if (opts.json) io.stdout.write(`${JSON.stringify(toJson(plan, { context: opts.contextDir, dryRun: opts.dryRun, assumeBuilt: opts.assumeBuilt, comparedWith: basis, bases, ...(engineImport ? { engineHistory: engineImport } : {}) }), null, 2)}\n`);
    else io.stdout.write(renderText(plan, makePaint(opts.color), [compared, ...baseLines(bases)]));
    return opts.exitCode && plan.summary.rebuilt > 0 ? EXIT.wouldRebuild : EXIT.ok;
  } finally {
    session?.close();
  }
}

/**
 * One line per base: the ones in the local engine with their layer count and
 * size, the ones it would pull, and those known by name only on one shared
 * line (no engine, or it failed). JSON and the TUI carry every layer.
 */
function baseLines(bases: readonly BaseNote[]): string[] {
  const lines = bases.flatMap((b) => {
    if (b.present === true) return [`base ${b.ref}: image ${b.id?.replace(/^sha256:/, '').slice(0, 12)}, ${layerSummary(b.layers ?? [])}, in the local engine: reused`];
    if (b.present === false) return [`base ${b.ref}: not in the local engine: the build pulls it`];
    return [];
  });
  const byName = bases.filter((b) => b.present === null && !/@sha256:/.test(b.ref)).map((b) => b.ref);
  if (!byName.length) return lines;
  return [...lines, `base ${byName.join(', ')}: known by name only (the local engine could not tell), so a tag moved to another image cannot be seen; pin @sha256:… to make it exact`];
}

function layerSummary(layers: readonly BaseLayer[]): string {
  const count = `${layers.length} layer${layers.length === 1 ? '' : 's'}`;
  const size = knownSize(layers);
  return size === null ? `${count} (sizes unknown: the history does not pair with the layers)` : `${count}, ${bytes(size)}`;
}

/** The shared records of the git repository holding the context; git is loaded only for --against. */
async function openShared(dir: string, name: string, storeDir: string) {
  const [{ openSharedStore, SharedRecordsError }, { tryGit }] = await Promise.all([import('../../app/shared-records.js'), import('../../git/run-git.js')]);
  const top = tryGit(dir, ['rev-parse', '--show-toplevel']);
  if (!top) throw new CliError(`${dir} is not inside a git repository: --against reads the records shared through one (refs/layerplan/*)`, 'E_NOT_GIT');
  try {
    return openSharedStore(top.toString('utf8').trim(), name, storeDir);
  } catch (err) {
    if (err instanceof SharedRecordsError) throw new CliError(err.message, 'E_RECORDS');
    throw err;
  }
}

export const command: Command = { name: 'build', summary: 'Plan the next docker build: what is cached, what is rebuilt, and why', help: HELP, run };
