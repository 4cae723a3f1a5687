/** `layerplan build`: plan the next docker build of a folder against the builds recorded so far, and report. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { builderModel, type Builder, type BuilderModel } from '../../key/index.js';
import { normalizePlatform, parsePlatform } from '../../graph/index.js';
import { buildFlagOptions, flagHelp } from '../build-flags.js';
import { chooseModel } from '../detect-builder.js';
import { defaultStoreDir } from '../../store/index.js';
import { toJson } from '../../views/json.js';
import { renderText } from '../../views/text.js';
import { basisLine, engineHistoryLine, engineLines, sharedLine } from '../../views/basis-text.js';
import { engineEndpoint, engineLabel } from '../../engine/endpoint.js';
import { renderMarkdown } from '../../views/markdown.js';
import { hostOf, type Command, type CommandIO } from '../command.js';
import type { BuilderName } from '../../builders/command.js';
import { contextNotAFolder } from '../not-a-folder.js';
import { CliError, usageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { wantsTui } from '../interactive.js';
import { flagString, flagStrings, type FlagValues, folderArg, parseFlags } from '../flags.js';
import { openSharedFor } from '../shared-store.js';
import { buildArgMap } from '../build-args.js';
import type { BuildDefinition } from '../../definitions/index.js';
import { chooseDefinitions, definitionFlags, definitionKey, heading, inlineDockerfilePath, loadChosen, namedContextNote, planNetwork, plannedContexts, unplanned, unplannedText, type DefinitionChoice, type Unplanned } from './build-definitions.js';
import { makePaint, wantsColor } from '../paint.js';
import { planBuild, type PlannedBuild } from '../../app/build.js';
import type { SharedStore } from '../../app/shared-records.js';
import { stepNote, type NoCache, type Plan } from '../../plan/index.js';
import type { NamedContextSource, NamedContextSources } from '../../app/load-inputs.js';
import type { CacheCheck } from '../../app/cache-held.js';
import type { EngineUse } from '../../views/basis-text.js';
import { SourceMissingError } from '../../app/errors.js';
import { knownSize, type BaseLayer, type BaseNote } from '../../layers/base-layers.js';
import { knownByNameOnly } from '../../engine/wording.js';
import { bytes } from '../../views/format.js';

/** Made when asked (--help): the flag tables' help lines are no part of a plan's start-up. */
const help = (): string => `Usage: layerplan build [DIR] [options]

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

docker build's own flags are accepted as they are, so a command line copied
from a script plans unchanged:
${flagHelp('docker')}

layerplan's own:
${flagHelp('layerplan')}

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
  /** The Dockerfile's text when it came from stdin (-f -). */
  readonly dockerfileText?: string;
  readonly model: BuilderModel;
  /** Set when --builder named no version: an installed version may be named beside the current model. */
  readonly modelDetectable: boolean;
  /** Target platforms (normalised, distinct); empty: this machine's. */
  readonly platforms: readonly string[];
  readonly network: string;
  readonly noCache: NoCache;
  /** --build-context NAME=PATH|docker-image://REF, by lower-case name. */
  readonly namedContexts: NamedContextSources;
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
  const parsed = parseFlags('build', argv, buildFlagOptions());
  const { positionals } = parsed;
  const values: FlagValues = parsed.values;
  const format = flagString(values, 'format');
  const file = flagString(values, 'file');
  const cacheDir = flagString(values, 'cache-dir');
  const contextDir = folderArg('build', positionals, io.cwd);
  if (!isFolder(contextDir)) throw contextNotAFolder(positionals[0] ?? '.', contextDir);
  if (format !== undefined && !['text', 'json', 'markdown'].includes(format)) throw usageError(`--format must be text, json or markdown, not "${format}"`);
  if (flagString(values, 'against') !== undefined && values['assume-built']) throw usageError('--against plans with shared records, which --assume-built cannot add to; record with layerplan build --exec and layerplan push');
  const spec = flagString(values, 'builder') ?? 'buildkit';
  const found = builderModel(spec);
  if (!found.ok) throw usageError(found.message);
  const runner: BuilderName = spec.toLowerCase().startsWith('podman') ? 'podman' : found.model.builder === 'buildah' ? 'buildah' : 'docker';
  const builder = found.model.builder;
  const network = flagString(values, 'network') ?? 'default';
  if (!['default', 'none', 'host', 'sandbox'].includes(network)) throw usageError(`--network ${network}: BuildKit builds with default, none or host; a named network is not supported for builds`);
  if (passthrough.length && !values.exec) throw usageError('arguments after -- go to the builder, which only --exec runs; add --exec');
  refuseStoreInContext(cacheDir ?? io.env.LAYERPLAN_CACHE_DIR, contextDir, cacheDir ? '--cache-dir' : 'LAYERPLAN_CACHE_DIR');
  const fromStdin = file === '-' ? dockerfileOf('-', contextDir, io) : null;
  const dockerfile = fromStdin ? fromStdin.dockerfile : file ? resolve(io.cwd, file) : defaultDockerfile(contextDir);
  const flags = { dockerfileGiven: Boolean(file), services: flagStrings(values, 'service'), bakeTargets: flagStrings(values, 'bake-target'), composeFiles: flagStrings(values, 'compose-file'), bakeFiles: flagStrings(values, 'bake-file') };
  return {
    contextDir,
    definitions: chooseDefinitions(contextDir, dockerfile, flags, io),
    dockerfile,
    target: flagString(values, 'target') ?? null,
    buildArgs: buildArgMap(flagStrings(values, 'build-arg'), io.env),
    builder,
    ...(fromStdin?.dockerfileText !== undefined ? { dockerfileText: fromStdin.dockerfileText } : {}),
    model: found.model,
    modelDetectable: !spec.includes('@'),
    platforms: platformList(flagStrings(values, 'platform')),
    network: network === 'sandbox' ? 'default' : network,
    noCache: values['no-cache'] ? true : noCacheFilter(flagStrings(values, 'no-cache-filter')),
    namedContexts: namedContextsOf(flagStrings(values, 'build-context'), io.cwd),
    runner,
    exec: values.exec === true,
    passthrough,
    storeDir: defaultStoreDir(cacheDir, io.env),
    json: values.json === true || format === 'json',
    markdown: format === 'markdown',
    against: flagString(values, 'against') ?? null,
    dryRun: values['dry-run'] === true,
    assumeBuilt: !values['dry-run'] && (Boolean(values['assume-built']) || isSet(io.env.LAYERPLAN_ASSUME_BUILT)),
    exitCode: values['exit-code'] === true,
    color: wantsColor(Boolean(values['no-color']), io),
    noTui: values['no-tui'] === true,
  };
}

/**
 * A store inside the context changes the context at every run (records, stat cache), so `COPY .` would be
 * rebuilt each time: refused when given. (The default under ~/.cache is left alone, even for a context of ~.)
 */
function refuseStoreInContext(given: string | undefined, contextDir: string, from: string): void {
  if (!given) return;
  // Both paths resolved, so path.relative(contextDir, store) would be the store's path past the context's
  // (and '..'-led when it is not under it): read off by a prefix check, since compiling path.relative cost
  // every start that set a store ~0.4M instructions. A name led by '..' still counts as outside, as it did.
  const store = resolve(given);
  const under = contextDir.endsWith(sep) ? contextDir : `${contextDir}${sep}`;
  const rest = store === contextDir ? '' : store.startsWith(under) ? store.slice(under.length) : null;
  if (rest === null || rest.startsWith('..')) return;
  throw usageError(`${from} ${given} is inside the build context ${contextDir}: every run would write into what COPY . copies and rebuild it; put the store outside the context (default: ~/.cache/layerplan)`);
}

/** Whether `dir` is a folder (following symlinks): one stat, where existsSync and statSync made two. */
function isFolder(dir: string): boolean {
  try {
    return statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

/** An environment switch: set and not empty, 0, false or no. */
function isSet(value: string | undefined): boolean {
  return value !== undefined && !/^(|0|false|no|off)$/i.test(value.trim());
}

export { buildArgMap };

/** `-f FILE`, `-f -` (the Dockerfile on stdin, the context still DIR), or the default beside the context. */
function dockerfileOf(file: string | undefined, contextDir: string, io: CommandIO): { dockerfile: string; dockerfileText?: string } {
  if (file === '-') return { dockerfile: join(contextDir, 'Dockerfile'), dockerfileText: readStdin(io) };
  return { dockerfile: file ? resolve(io.cwd, file) : defaultDockerfile(contextDir) };
}

function readStdin(io: CommandIO): string {
  const fd = (io.stdin as { fd?: number }).fd ?? 0;
  try {
    return readFileSync(fd, 'utf8');
  } catch {
    throw new CliError('-f - reads the Dockerfile from standard input, which could not be read; pipe the Dockerfile in', 'E_NO_DOCKERFILE');
  }
}

/** `--platform a,b --platform c` → the distinct normalised platforms, in order. */
export function platformList(flags: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of flags.flatMap((f) => f.split(',')).map((p) => p.trim()).filter(Boolean)) {
    if (!parsePlatform(p)) throw usageError(`--platform "${p}" is not a platform; write os/arch[/variant], e.g. linux/arm64`);
    const n = normalizePlatform(p);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

/**
 * `--build-context NAME=PATH` (a folder, relative to the current directory as docker build takes it) or
 * `NAME=docker-image://REF`. Other sources (a git or https URL, oci-layout://, target:) are accepted and not
 * followed: --from=NAME is then planned as the image NAME.
 */
export function namedContextsOf(flags: readonly string[], cwd: string): NamedContextSources {
  const out = new Map<string, NamedContextSource>();
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0 || eq === flag.length - 1) throw usageError(`--build-context ${flag}: write NAME=PATH or NAME=docker-image://REF`);
    const name = flag.slice(0, eq).toLowerCase();
    const value = flag.slice(eq + 1);
    if (value.startsWith('docker-image://')) {
      out.set(name, { kind: 'image', ref: value.slice('docker-image://'.length) });
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('target:') || /^git@/.test(value)) continue;
    const dir = resolve(cwd, value);
    if (!isFolder(dir)) throw new CliError(`--build-context ${flag}: ${dir} is not a folder; name a folder, or docker-image://REF`, 'E_NO_CONTEXT');
    out.set(name, { kind: 'dir', path: dir });
  }
  return out;
}

function noCacheFilter(flags: readonly string[]): NoCache {
  const stages = flags.flatMap((f) => f.split(',')).map((s) => s.trim()).filter(Boolean);
  return stages.length ? stages : false;
}

export function defaultDockerfile(dir: string): string {
  const docker = join(dir, 'Dockerfile');
  const container = join(dir, 'Containerfile');
  return !existsSync(docker) && existsSync(container) ? container : docker;
}


async function run(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseBuildArgs(argv, io);
  const choice = await chooseModel(parsed.model, parsed.modelDetectable, io.env);
  const opts = { ...parsed, model: choice.model, builderNote: choice.note };
  if (opts.definitions) return runDefinitions(opts, opts.definitions, io);
  return runOne(opts, io);
}

/** Every compose service / bake target: one plan each; alone, it is reported as a plain build is. */
async function runDefinitions(opts: BuildOptions, choice: DefinitionChoice, io: CommandIO): Promise<number> {
  const defs = await loadChosen(opts.contextDir, choice, io);
  if (!defs.length) throw new CliError(`no ${choice.kind === 'compose' ? 'compose service has a build section' : 'bake target to build'} in ${opts.contextDir}; pass a Dockerfile with -f`, 'E_NO_DOCKERFILE');
  const one = defs.length === 1 ? defs[0] : undefined;
  if (one && !unplanned(one)) return runOne({ ...forDefinition(opts, one), definition: heading(one, opts.contextDir).replace(/^== /, '') }, io);
  if (opts.against || opts.markdown) throw usageError(`--against and --format markdown report one plan, and ${defs.length} definitions build here: pick one with ${choice.kind === 'compose' ? '--service' : '--bake-target'} NAME`);
  if (opts.exec && !opts.dryRun) return execDefinitions(opts, defs, io);
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

/**
 * --exec over several definitions: each built for real in turn, as
 * `docker compose build` does, one section (or JSON plan) each; the first
 * failing build ends the run with its status.
 */
async function execDefinitions(opts: BuildOptions, defs: readonly BuildDefinition[], io: CommandIO): Promise<number> {
  const { execOne } = await import('./build-exec.js');
  const paint = makePaint(opts.color);
  const plans: object[] = [];
  let status: number = EXIT.ok;
  for (const def of defs) {
    const why = unplanned(def);
    if (!opts.json) io.stdout.write(`${paint.bold(heading(def, opts.contextDir))}\n`);
    if (why) {
      if (opts.json) plans.push({ ...definitionKey(def), definedIn: def.origin.file, notPlanned: why });
      else io.stdout.write(`${unplannedText(why)}\n\n`);
      continue;
    }
    const r = await execOne(forDefinition(opts, def), io, baseLines);
    if (opts.json) plans.push({ ...definitionKey(def), definedIn: def.origin.file, ...r.json });
    else io.stdout.write(`${r.text}\n`);
    for (const m of r.messages) io.stderr.write(`${m}\n`);
    if (r.status !== EXIT.ok && r.status !== EXIT.wouldRebuild) return finish(r.status);
    if (r.status === EXIT.wouldRebuild) status = r.status;
  }
  return finish(status);
  function finish(code: number): number {
    if (opts.json) io.stdout.write(`${JSON.stringify({ schemaVersion: 1, plans }, null, 2)}\n`);
    return code;
  }
}

/** One definition's plan (recorded when --assume-built); a missing source fails as the real build would. */
async function planDefinition(opts: BuildOptions, io: CommandIO): Promise<PlannedBuild & { readonly plan: Plan }> {
  // Beside the others, a multi-platform definition is planned for its first platform (alone, for each).
  const platform = opts.platforms[0];
  const planned = await planBuild({ ...opts, ...(platform ? { platform } : {}), record: opts.assumeBuilt ? 'assumed' : null }, hostOf(io));
  if (planned.outcome.kind === 'source-missing') throw new SourceMissingError(opts.dockerfile, planned.outcome.missing);
  return { ...planned, plan: planned.outcome.plan };
}

/** The build options of one definition: its context, Dockerfile, target and args, the flags over them. */
function forDefinition(opts: BuildOptions, def: BuildDefinition): BuildOptions {
  const contextDir = def.context.kind === 'local' ? def.context.path : opts.contextDir;
  const inline = def.dockerfile.kind === 'inline' ? def.dockerfile.text : null;
  const dockerfile = def.dockerfile.kind === 'file' ? def.dockerfile.path : inlineDockerfilePath(contextDir, def);
  return {
    ...opts,
    definitions: null,
    contextDir,
    dockerfile,
    ...(inline !== null ? { dockerfileText: inline } : {}),
    target: opts.target ?? def.target,
    buildArgs: new Map([...def.args, ...opts.buildArgs]),
    // A platform buildx names but we cannot parse (`local`) plans natively.
    platforms: opts.platforms.length ? opts.platforms : platformList(def.platforms.filter((p) => parsePlatform(p))),
    network: planNetwork(opts.network, def),
    noCache: opts.noCache || def.noCache,
    namedContexts: new Map([...plannedContexts(def), ...opts.namedContexts]),
    passthrough: [...definitionFlags(def), ...opts.passthrough],
  };
}

/** `definition`: the one compose service / bake target planned, named above the report and in the TUI. */
async function runOne(opts: BuildOptions & { readonly builderNote?: string; readonly definition?: string }, io: CommandIO): Promise<number> {
  if (opts.exec && !opts.dryRun) return (await import('./build-exec.js')).runExec(opts, io, baseLines);
  const platforms = opts.platforms.length ? opts.platforms : [undefined];
  // Ink and React load only here: --json, the plain report and the pre-commit check never pay for them.
  const tui = platforms.length === 1 && wantsTui(io, opts) && !opts.markdown ? await import('../build-tui.js') : null;
  const session = tui?.startTuiSession(io, opts.color);
  try {
    const shared = opts.against ? await openSharedFor(opts.contextDir, opts.against, opts.storeDir) : null;
    // --dry-run writes nothing: no engine build is imported and no observation kept.
    const engineHistory = !shared && !opts.dryRun && String(opts.builder).startsWith('buildkit') && !io.env.LAYERPLAN_NO_ENGINE;
    const builds: PlatformPlan[] = [];
    for (const platform of platforms) {
      const request = { ...opts, platform, ...(shared ? { store: shared.store, sharedBaseIds: shared.baseIdsFor(opts.dockerfile) } : {}), engineHistory, engineCache: engineHistory, onProgress: session?.progress, record: opts.assumeBuilt ? 'assumed' as const : null };
      const built = await planBuild(request, hostOf(io));
      // The real build would fail here too (what it built before failing is recorded as cached when it counts as built).
      if (built.outcome.kind === 'source-missing') throw new SourceMissingError(opts.dockerfile, built.outcome.missing);
      builds.push({ platform: platform ?? null, plan: built.outcome.plan, ...built });
    }
    const first = builds[0] as PlatformPlan;
    const engineImport = first.engineImport;
    const learnt = engineImport?.kind === 'imported' || engineImport?.kind === 'skipped' ? [engineHistoryLine(engineImport)] : [];
    const note = opts.builderNote ?? '';
    const compared = [...(opts.definition ? [opts.definition] : []), ...learnt, shared ? `${sharedLine(shared, new Date())}; ${basisLine(first.basis)}` : basisLine(first.basis)].join('\n');
    const engine = engineUse(first, io.env);
    const notes = [compared, ...(shared ? sharedBaseLines(shared.name, shared.baseIdsFor(opts.dockerfile), first.bases) : []), note, ...(engine ? engineLines(engine) : [])].filter(Boolean);
    if (tui && session) await tui.showBuildPlan(session, first.plan, first.bases, opts.color, [compared, ...(engine ? engineLines(engine) : [])].join('\n'));
    else if (opts.markdown) io.stdout.write(renderMarkdown(first.plan, notes));
    else if (opts.json) io.stdout.write(`${JSON.stringify(jsonOf(builds, opts, note, shared, io.env), null, 2)}\n`);
    else io.stdout.write(textOf(builds, opts, notes, new Set(shared?.baseIdsFor(opts.dockerfile).keys())));
    return opts.exitCode && builds.some((b) => b.plan.summary.rebuilt > 0) ? EXIT.wouldRebuild : EXIT.ok;
  } finally {
    session?.close();
  }
}

interface PlatformPlan extends PlannedBuild {
  /** The --platform it was planned for; null: this machine's. */
  readonly platform: string | null;
  readonly plan: Plan;
}

/** The first platform's plan at the top level (schema 1 as ever); with several, each platform's steps beside it. */
function jsonOf(builds: readonly PlatformPlan[], opts: BuildOptions, note: string, shared: SharedStore | null, env: CommandIO['env']): object {
  const first = builds[0] as PlatformPlan;
  const extra = {
    ...(shared ? { against: { name: shared.name, builds: shared.builds, pulledAt: shared.pulledAt, newest: shared.newest, baseIds: Object.fromEntries(shared.baseIds) } } : {}),
    context: opts.contextDir, dryRun: opts.dryRun, assumeBuilt: opts.assumeBuilt, comparedWith: first.basis, bases: first.bases,
    builderModel: opts.model.spec, ...(note ? { builderNote: note } : {}), platform: first.platform, network: opts.network,
    ...(first.engineImport ? { engineHistory: first.engineImport } : {}),
    ...(first.cacheCheck ? { engineCache: cacheJson(first.cacheCheck) } : {}),
    engine: engineUse(first, env)?.engine ?? null,
  };
  const top = toJson(first.plan, extra) as Record<string, unknown>;
  if (builds.length < 2) return top;
  return { ...top, platforms: builds.map((b) => ({ platform: b.platform, ...pick(toJson(b.plan) as Record<string, unknown>, ['steps', 'summary']) })) };
}

/** The engine this plan read from (bases, build cache, build history); null when none answered. */
function engineUse(b: PlannedBuild, env: CommandIO['env']): EngineUse | null {
  const endpoint = engineEndpoint(env);
  if (typeof endpoint === 'string') return null;
  const cache = b.cacheCheck?.kind === 'checked' ? { records: b.cacheCheck.records, pruned: b.cacheCheck.evicted.size } : null;
  const use = { engine: engineLabel(endpoint), bases: b.bases.some((x) => x.present !== null), cache, history: b.engineImport?.kind === 'imported' };
  return use.bases || use.cache || use.history ? use : null;
}

/** The build-cache check for JSON: the keys it found gone, with the build that made each. */
function cacheJson(c: CacheCheck): object {
  return c.kind === 'checked' ? { kind: c.kind, engine: c.engine, records: c.records, pruned: [...c.evicted].map(([key, v]) => ({ key, builtAt: v.builtAt })) } : c;
}

function pick(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

/** One report per group of platforms whose plans agree step for step. */
function textOf(builds: readonly PlatformPlan[], opts: BuildOptions, notes: readonly string[], sharedRefs: ReadonlySet<string>): string {
  const groups = new Map<string, PlatformPlan[]>();
  for (const b of builds) {
    const sig = b.plan.steps.map((s) => `${s.status}:${stepNote(s)?.kind ?? ''}`).join(' ');
    groups.set(sig, [...(groups.get(sig) ?? []), b]);
  }
  return [...groups.values()].map((group) => {
    const b = group[0] as PlatformPlan;
    const on = builds.length > 1 || b.platform ? [`platform ${group.map((g) => g.platform).join(', ')}${group.length > 1 ? ' (the same plan for each)' : ''}`] : [];
    // A base the shared records identify is not "known by name only": it was planned with their id.
    return renderText(b.plan, makePaint(opts.color), [...notes, ...on, ...baseLines(b.bases.filter((n) => n.present !== null || !sharedRefs.has(n.ref)))]);
  }).join('\n');
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
  // One line per reason (usually one: no engine), naming every base it hides.
  const byWhy = new Map<string, string[]>();
  for (const b of bases) if (b.present === null && !/@sha256:/.test(b.ref)) byWhy.set(b.layersNote ?? 'no engine answered', [...(byWhy.get(b.layersNote ?? 'no engine answered') ?? []), b.ref]);
  return [...lines, ...[...byWhy].map(([why, refs]) => knownByNameOnly(refs, why))];
}

function layerSummary(layers: readonly BaseLayer[]): string {
  const count = `${layers.length} layer${layers.length === 1 ? '' : 's'}`;
  const size = knownSize(layers);
  return size === null ? `${count} (sizes unknown: the history does not pair with the layers)` : `${count}, ${bytes(size)}`;
}

/** Bases planned with the id the shared records' builds had, where that is not what this engine has (or it could not tell). */
function sharedBaseLines(name: string, ids: ReadonlyMap<string, string | null>, bases: readonly BaseNote[]): string[] {
  const short = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12);
  return bases.flatMap((b) => {
    if (!ids.has(b.ref)) return [];
    const id = ids.get(b.ref) ?? null;
    if (id === b.id) return [];
    const was = id ? `image ${short(id)}` : 'by name only (its engine did not say which image)';
    return [`base ${b.ref}: planned as "${name}" last built it, ${was}${b.id ? ` (this engine has ${short(b.id)})` : ''}`];
  });
}


export const command: Command = {
  name: 'build',
  summary: 'Plan the next docker build: what is cached, what is rebuilt, and why',
  get help() {
    return help();
  },
  run,
};
