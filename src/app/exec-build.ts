/**
 * `build --exec`: run the real build the plan predicts, read the builder's
 * own progress stream, put what happened on every step, and record the real
 * outcome (keys, actual, durations, base ids, builder and version, exit
 * status). An interrupted build records nothing.
 */
import { builderCommand, builderProgram, type BuilderName, type BuildRequest } from '../builders/command.js';
import { probeBuilder, runBuild, type BuilderInfo, type BuildOutput, type FinishedBuild } from '../builders/run.js';
import { stepOrdinals, toBuildRecord, type Plan } from '../plan/index.js';
import { recordBuildLog, recordRun, recordTimings, type StepTiming } from '../store/index.js';
import { actualOutcomes, type ActualOutcomes, type BuilderProgress } from '../timings/actual-outcomes.js';
import { parseBuildahLog } from '../timings/parse-buildah-log.js';
import { parseBuildkitLog } from '../timings/parse-buildkit-log.js';
import { looksLikeRawjson, parseBuildkitRawjson } from '../timings/parse-buildkit-rawjson.js';
import { gitOfBuild } from '../git/records-built.js';
import { BuildInterrupted } from './errors.js';
import type { BaseNote } from '../layers/base-layers.js';
import type { Host } from './host.js';

export interface ExecRequest extends BuildRequest {
  readonly builder: BuilderName;
  readonly storeDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** The clock (durations, the record's time) and the process id (the record's id). */
  readonly host: Pick<Host, 'now' | 'pid'>;
  readonly bases: readonly BaseNote[];
  /** Called as the stream arrives (at most every PROGRESS_MS). */
  readonly onProgress?: (outcomes: ActualOutcomes, elapsedSeconds: number) => void;
}

export interface ExecResult {
  readonly outcomes: ActualOutcomes;
  readonly build: FinishedBuild;
  readonly info: BuilderInfo;
  readonly command: string;
  /** What the builder said when it failed (its error lines). */
  readonly messages: readonly string[];
  /** The record's file. */
  readonly recorded: string;
  /** The builder's own output, kept beside the record. */
  readonly log: string;
}

const PROGRESS_MS = 100;

export async function execBuild(plan: Plan, req: ExecRequest): Promise<ExecResult> {
  const program = builderProgram(req.builder, req.env);
  const info = await probe(req.builder, program, req.env);
  const cmd = builderCommand(req.builder, program, req, info.hasBuildx);
  const clock = (): number => req.host.now().getTime();
  const started = clock();
  let last = 0;
  const running = runBuild(cmd, req.env, clock, (out) => {
    if (!req.onProgress || clock() - last < PROGRESS_MS) return;
    last = clock();
    req.onProgress(actualOutcomes(plan, progressOf(cmd.stream, out)), (last - started) / 1000);
  });
  const stop = (): void => running.stop();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let build: FinishedBuild;
  try {
    build = await running.done;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  if (build.interrupted) throw new BuildInterrupted(cmd.label);
  const outcomes = actualOutcomes(plan, progressOf(cmd.stream, build));
  const recorded = record(plan, outcomes, build, req, info, cmd.label, [cmd.program, ...cmd.args]);
  const log = recordBuildLog(req.storeDir, recorded, build.text);
  return { outcomes, build, info, command: cmd.label, messages: errorLines(cmd.stream, build.text), recorded, log };
}

async function probe(builder: BuilderName, program: string, env: NodeJS.ProcessEnv): Promise<BuilderInfo> {
  return probeBuilder(builder, program, env);
}

/** The stream read as its builder writes it; a rawjson request answered in plain text is read as plain. */
export function progressOf(stream: 'rawjson' | 'plain' | 'buildah', out: BuildOutput): BuilderProgress {
  if (stream === 'buildah') return { kind: 'buildah', steps: parseBuildahLog(out.text, out.times).steps };
  if (stream === 'rawjson' && looksLikeRawjson(out.text)) return { kind: 'buildkit', vertices: parseBuildkitRawjson(out.text).vertices };
  return { kind: 'buildkit', vertices: parseBuildkitLog(out.text).vertices };
}

function errorLines(stream: 'rawjson' | 'plain' | 'buildah', text: string): string[] {
  if (stream === 'rawjson' && looksLikeRawjson(text)) return parseBuildkitRawjson(text).messages.filter((l) => /^ERROR\b|^error\b/i.test(l));
  if (stream === 'buildah') return text.split('\n').filter((l) => /^Error: /.test(l));
  return text.split('\n').filter((l) => /^ERROR\b/.test(l));
}

function record(plan: Plan, outcomes: ActualOutcomes, build: FinishedBuild, req: ExecRequest, info: BuilderInfo, command: string, argv: readonly string[]): string {
  const time = req.host.now().toISOString();
  const exec = {
    command, argv, version: info.version, exitStatus: build.exitStatus, seconds: Math.round(build.seconds * 1000) / 1000,
    bases: req.bases.map((b) => ({ ref: b.ref, id: b.id })), unmatched: outcomes.unmatched,
  };
  const { run, selections } = toBuildRecord(plan, outcomes.steps, { id: `${time}-${req.host.pid}`, time, context: req.contextDir, buildArgs: Object.fromEntries(req.buildArgs) }, exec);
  const git = gitOfBuild(req.contextDir, req.dockerfile, plan.builder);
  const file = recordRun(req.storeDir, git ? { ...run, git } : run, selections);
  const timings = durations(plan, outcomes, time);
  if (timings.length) recordTimings(req.storeDir, timings);
  return file;
}

/** Durations of the steps that ran, for later estimates (as `layerplan timings` records them). */
function durations(plan: Plan, outcomes: ActualOutcomes, time: string): StepTiming[] {
  const ordinals = stepOrdinals(plan.steps);
  return plan.steps.flatMap((ps, i) => {
    const ordinal = ordinals[i] ?? 0;
    const a = outcomes.steps.get(ps.step.id);
    if (a?.actual !== 'rebuilt' || a.seconds === null || !ps.key?.key) return [];
    return [{ key: ps.key.key, seconds: a.seconds, time, builder: plan.builder, dockerfile: plan.dockerfile, stage: ps.stage, ordinal, instruction: ps.step.instruction.text }];
  });
}
