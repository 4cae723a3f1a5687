/** `layerplan history` without a terminal: the timeline as plain lines, and the same data as JSON. */
import { diffRuns, previousRun, timelineRow, type RunDiff, type SelectionLookup, type TimelineRow } from '../plan/run-history.js';
import type { RunRecord, RunSource } from '../store/types.js';
import { assertNever } from '../lang/assert-never.js';
import { SCHEMA_VERSION } from './json.js';
import { oneLine, reasonKindText } from './reason-text.js';
import { seconds, truncate } from './format.js';

const FLIP_INSTRUCTION_WIDTH = 48;

/** `2026-05-01T12:03:11.123Z` → `2026-05-01 12:03:11` (UTC, as recorded). */
export function shortTime(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '');
}

/** The Dockerfile relative to the project folder when it is inside it. */
export function shortDockerfile(dockerfile: string, contextDir: string): string {
  return dockerfile.startsWith(`${contextDir}/`) ? dockerfile.slice(contextDir.length + 1) : dockerfile;
}

/** What a run is, in the timeline: a real build says who ran it (build --exec, the engine's history, a timings log); a plan kept with --assume-built says it is one. */
export function sourceText(source: RunSource): string {
  switch (source) {
    case 'exec': return 'real, exec';
    case 'engine': return 'real, engine';
    case 'timings': return 'real, log';
    case 'assumed': return 'assumed plan';
    default: return assertNever(source);
  }
}

const SOURCE_WIDTH = 12;

export function timelineText(row: TimelineRow, contextDir: string): string {
  const c = row.counts;
  const target = row.target ? ` --target ${row.target}` : '';
  const took = row.seconds !== null ? `, ${seconds(row.seconds)}` : '';
  return `${shortTime(row.time)}  ${sourceText(row.source).padEnd(SOURCE_WIDTH)}  ${shortDockerfile(row.dockerfile, contextDir)}${target}  ${row.builder}  ${c.cached} cached, ${c.rebuilt} rebuilt${took}`;
}

/** A real build's rebuilt steps and what each took (nothing for a plan or a build without times). */
export function costText(run: RunRecord): string[] {
  const timed = run.steps.filter((s) => s.actual === 'rebuilt' && typeof s.seconds === 'number');
  if (!timed.length) return [];
  return [`rebuilt steps took: ${timed.map((s) => `line ${s.line} ${seconds(s.seconds as number)}`).join(', ')}`];
}


export function diffText(diff: RunDiff): string[] {
  const out: string[] = [];
  if (diff.flips.length) out.push(`steps that changed (${diff.flips.length}):`, ...diff.flips.map((f) => `  line ${f.line}  ${truncate(oneLine(f.instruction), FLIP_INSTRUCTION_WIDTH)}  ${f.before ?? 'new'} → ${f.after}${f.reason ? `: ${reasonKindText(f.reason)}` : ''}`));
  const files = [...diff.files.modified.map((p) => `  modified  ${p}`), ...diff.files.added.map((p) => `  added     ${p}`), ...diff.files.removed.map((p) => `  removed   ${p}`)];
  if (files.length) out.push(`files changed (${files.length}):`, ...files);
  const show = (v: string | null): string => (v === null ? '(unset)' : JSON.stringify(v));
  if (diff.buildArgs.length) out.push('build args changed:', ...diff.buildArgs.map((a) => `  ${a.name}: ${show(a.before)} → ${show(a.after)}`));
  return out.length ? out : ['nothing changed: every step has the same status'];
}

/** Each step whose files changed since the run before, with their names: why a step rebuilt in both runs rebuilt again. */
export function stepFilesText(diff: RunDiff): string[] {
  if (!diff.stepFiles.length) return [];
  const named = (f: RunDiff['stepFiles'][number]): string => [...f.files.modified.map((p) => `${p} (modified)`), ...f.files.added.map((p) => `${p} (added)`), ...f.files.removed.map((p) => `${p} (removed)`)].join(', ');
  return [`steps whose files changed (${diff.stepFiles.length}):`, ...diff.stepFiles.map((f) => `  line ${f.line}  ${truncate(oneLine(f.instruction), FLIP_INSTRUCTION_WIDTH)}  ${f.status}: ${named(f)}`)];
}

/** Runs newest first; each with the difference from the run before it. */
export function renderHistoryText(contextDir: string, runs: readonly RunRecord[], selection: SelectionLookup): string {
  if (!runs.length) return `no runs recorded for ${contextDir}; run \`layerplan build ${contextDir}\` first\n`;
  const out = [`${runs.length} run${runs.length === 1 ? '' : 's'} of ${contextDir}, newest first (times in UTC)`];
  runs.forEach((run, i) => {
    out.push('', timelineText(timelineRow(run), contextDir), ...costText(run).map((l) => `  ${l}`));
    const older = previousRun(runs, i);
    if (older) out.push(`  since ${shortTime(older.time)} (${sourceText(older.source ?? 'assumed')}):`, ...diffText(diffRuns(older, run, selection)).map((l) => `  ${l}`));
  });
  return `${out.join('\n')}\n`;
}

export function historyJson(contextDir: string, runs: readonly RunRecord[], selection: SelectionLookup, bases: Readonly<Record<string, unknown>> = {}): object {
  return {
    schemaVersion: SCHEMA_VERSION,
    context: contextDir,
    runs: runs.map((run, i) => {
      const older = previousRun(runs, i);
      const steps = run.steps.map(({ stage, line, instruction, status, certain, reason, key, actual, seconds: took }) => ({ stage, line, instruction, status, certain, reason, key, ...(actual !== undefined ? { actual, seconds: took ?? null } : {}) }));
      return { ...timelineRow(run), buildArgs: run.buildArgs, steps, comparedWith: older?.id ?? null, diff: older ? diffRuns(older, run, selection) : null };
    }),
    bases,
  };
}
