/**
 * `layerplan build --exec`: plan, run the real build, and report predicted →
 * actual for every step. The exit status is the builder's when it fails;
 * with --exit-code, 10 when any step was actually rebuilt.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execBuild, type ExecResult } from '../../app/exec-build.js';
import { planBuild } from '../../app/build.js';
import { SourceMissingError } from '../../app/errors.js';
import type { BaseNote } from '../../layers/base-layers.js';
import type { Plan } from '../../plan/index.js';
import type { ActualOutcomes } from '../../timings/actual-outcomes.js';
import { basisLine } from '../../views/basis-text.js';
import { toJson } from '../../views/json.js';
import { renderText } from '../../views/text.js';
import { hostOf, type CommandIO } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { makePaint } from '../paint.js';
import type { BuildOptions } from './build.js';

export async function runExec(opts: BuildOptions, io: CommandIO, baseLines: (b: readonly BaseNote[]) => string[]): Promise<number> {
  const r = await execOne(opts, io, baseLines);
  io.stdout.write(opts.json ? `${JSON.stringify(r.json, null, 2)}\n` : r.text);
  for (const m of r.messages) io.stderr.write(`${m}\n`);
  return r.status;
}

/** One real build: its report (text and JSON), what to say on stderr, and the exit status it makes. */
export interface ExecReport {
  readonly status: number;
  readonly json: object;
  readonly text: string;
  readonly messages: readonly string[];
}

export async function execOne(opts: BuildOptions, io: CommandIO, baseLines: (b: readonly BaseNote[]) => string[]): Promise<ExecReport> {
  const host = hostOf(io);
  const { outcome, bases, basis } = await planBuild({ ...opts, record: null, engineCache: String(opts.builder).startsWith('buildkit') && !io.env.LAYERPLAN_NO_ENGINE }, host);
  // The real build would fail on it too: say so before running it.
  if (outcome.kind === 'source-missing') throw new SourceMissingError(opts.dockerfile, outcome.missing);
  const plan = outcome.plan;
  const live = (io.stderr as { isTTY?: boolean }).isTTY && !opts.json ? liveLine(io, plan) : null;
  // A Dockerfile that is not a file (inline in compose/bake, or -f -) is handed to the builder as one.
  const written = opts.dockerfileText === undefined ? null : writeDockerfile(opts.dockerfileText);
  let result: ExecResult;
  try {
    result = await execBuild(plan, { ...opts, dockerfile: written?.file ?? opts.dockerfile, builder: opts.runner, env: io.env, host, bases, onProgress: live?.update });
  } finally {
    live?.clear();
    written?.remove();
  }
  const { outcomes, build } = result;
  const execJson = {
    command: result.command, version: result.info.version, exitStatus: build.exitStatus, seconds: build.seconds,
    unmatched: outcomes.unmatched, recorded: result.recorded, log: result.log, messages: result.messages,
  };
  const json = toJson(plan, { context: opts.contextDir, dryRun: false, assumeBuilt: false, comparedWith: basis, bases, exec: execJson }, outcomes);
  const notes = [basisLine(basis), `built with ${result.command} (${result.info.version ?? 'version unknown'}) in ${build.seconds.toFixed(1)}s, exit status ${build.exitStatus}`, ...baseLines(bases)];
  const text = renderText(plan, makePaint(opts.color), notes, outcomes);
  const unmatched = outcomes.unmatched.length ? [`layerplan: could not match to a step of ${plan.dockerfile} (not recorded): ${outcomes.unmatched.join('; ')}`] : [];
  const messages = opts.json ? [] : [...unmatched, ...result.messages];
  const rebuilt = [...outcomes.steps.values()].some((a) => a.actual === 'rebuilt');
  const status = build.exitStatus !== 0 ? build.exitStatus : opts.exitCode && rebuilt ? EXIT.wouldRebuild : EXIT.ok;
  return { status, json, text, messages };
}

function writeDockerfile(text: string): { file: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'layerplan-dockerfile-'));
  const file = path.join(dir, 'Dockerfile');
  writeFileSync(file, text);
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One line on stderr, redrawn: a bar over the steps to compare, and the running step with its elapsed time. */
function liveLine(io: CommandIO, plan: Plan): { update: (o: ActualOutcomes, elapsed: number) => void; clear: () => void } {
  const total = plan.steps.filter((ps) => (ps.status === 'cached' || ps.status === 'rebuilt') && ps.step.op.kind !== 'from').length;
  const width = 20;
  return {
    update(o, elapsed) {
      const done = [...o.steps.values()].filter((a) => a.actual).length;
      const running = plan.steps.find((ps) => o.steps.get(ps.step.id)?.running);
      const filled = Math.min(width, Math.round((done / Math.max(total, 1)) * width));
      const now = running ? ` · line ${running.step.instruction.line} ${running.step.instruction.text.replace(/\s+/g, ' ').slice(0, 40)}` : '';
      io.stderr.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} steps · ${elapsed.toFixed(1)}s${now}`);
    },
    clear() {
      io.stderr.write('\r\x1b[2K');
    },
  };
}
