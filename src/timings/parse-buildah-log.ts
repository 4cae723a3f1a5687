/**
 * Reads what `buildah bud --layers` (and `podman build`) print: every
 * instruction as `[s/S] STEP k/m: TEXT` (no `[s/S]` in a one-stage file;
 * `s` is the stage's place in the Dockerfile, 1-based, and stages the target
 * does not need are left out), then `--> Using cache <id>` on a hit and
 * `--> <id>` once the step is committed. The last step of the last stage is
 * committed after `COMMIT`. A failed step ends the log with
 * `Error: building at STEP "…"`. buildah prints no durations: when the lines
 * were stamped as they arrived (`--exec`), a step lasts from its STEP line to
 * its `-->` line.
 */
import type { VertexOutcome } from './parse-buildkit-log.js';

export interface BuildahStep {
  /** The stage's index in the Dockerfile, 0-based. */
  readonly stage: number;
  /** k of STEP k/m: every instruction of the stage counts, FROM = 1. */
  readonly index: number;
  readonly total: number;
  /** The instruction as buildah printed it (FROM of a stage as `FROM <image id>`). */
  readonly text: string;
  /** null: not finished (still running, or the log ends there). FROM has no outcome. */
  readonly outcome: VertexOutcome | null;
}

export interface BuildahLog {
  readonly steps: readonly BuildahStep[];
  /** The `Error: …` line of a failed build. */
  readonly error: string | null;
}

const STEP = /^(?:\[(\d+)\/(\d+)\] )?STEP (\d+)\/(\d+): (.*)$/;
const USING_CACHE = /^--> Using cache [0-9a-f]+/;
const COMMITTED = /^--> [0-9a-f]{6,}\s*$/;

/** `times[i]`, when given, is when line i arrived (ms). */
export function parseBuildahLog(text: string, times?: readonly number[]): BuildahLog {
  const steps: { step: Omit<BuildahStep, 'outcome'>; outcome: VertexOutcome | null; at: number | null }[] = [];
  let error: string | null = null;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const at = times?.[i] ?? null;
    const current = steps[steps.length - 1];
    const step = STEP.exec(line);
    if (step) {
      const [, stage, , index, total, printed] = step;
      steps.push({ step: { stage: stage ? Number(stage) - 1 : 0, index: Number(index), total: Number(total), text: (printed ?? '').trim() }, outcome: null, at });
    } else if (USING_CACHE.test(line) && current) {
      current.outcome = { kind: 'cached' };
    } else if (COMMITTED.test(line) && current && current.outcome === null && current.step.index > 1) {
      current.outcome = { kind: 'done', seconds: at !== null && current.at !== null ? Math.max(0, at - current.at) / 1000 : null };
    } else if (/^Error: /.test(line)) {
      error = line;
      if (current && current.outcome === null && current.step.index > 1) current.outcome = { kind: 'error', message: line.replace(/^Error: /, '') };
    }
  });
  return { steps: steps.map((s) => ({ ...s.step, outcome: s.outcome })), error };
}
