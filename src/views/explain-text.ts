/** `layerplan explain` as text and JSON: why each step of a real build missed the cache. */
import type { BuildMissReason, ExplainedStep } from '../plan/explain-build.js';
import type { RunRecord } from '../store/types.js';
import { when } from './basis-text.js';
import { oneLine, reasonLine } from './reason-text.js';
import { truncate } from './format.js';

export function explainReasonLine(reason: BuildMissReason): string {
  if (reason.kind === 'cache-pruned' && !reason.engine) return `the builder no longer had this layer (its cache was pruned): the key matched the build of ${when(reason.builtAt)}`;
  return reasonLine(reason).replace(/^first build: no earlier build made this layer$/, 'first build: no earlier real build made this layer');
}

export function renderExplainText(build: RunRecord, steps: readonly ExplainedStep[]): string {
  const missed = steps.filter((s) => s.reason);
  const ran = steps.filter((s) => s.record.actual && s.record.ordinal > 0);
  const exec = build.exec;
  const head = `${build.dockerfile} · the real build of ${when(build.time)}${exec ? ` (${exec.command}, exit status ${exec.exitStatus})` : ''}: ${missed.length} of ${ran.length} steps missed the cache`;
  const lines = steps.filter((s) => s.record.actual || s.record.actual === null && s.record.key).map((s) => {
    const status = (s.record.actual ?? (s.record.failed ? 'failed' : 'not run')).padEnd(8);
    const why = s.reason ? `  ${explainReasonLine(s.reason)}` : '';
    return `  ${status} ${String(s.record.line).padStart(4)}  ${truncate(oneLine(s.record.instruction), 44).padEnd(44)}${why}`.trimEnd();
  });
  return `${[head, '', ...lines].join('\n')}\n`;
}

export function explainJson(build: RunRecord, steps: readonly ExplainedStep[]): object {
  return {
    schemaVersion: 1,
    build: { id: build.id, time: build.time, dockerfile: build.dockerfile, builder: build.builder, target: build.target, command: build.exec?.command ?? null, exitStatus: build.exec?.exitStatus ?? null },
    steps: steps.map((s) => ({ stage: s.record.stage, line: s.record.line, instruction: s.record.instruction, actual: s.record.actual ?? null, seconds: s.record.seconds ?? null, ...(s.record.failed ? { failed: true } : {}), reason: s.reason })),
    summary: { missed: steps.filter((s) => s.reason).length, steps: steps.filter((s) => s.record.actual && s.record.ordinal > 0).length },
  };
}
