/**
 * The rewrite behind `layerplan fix`, and the one place that decides it: for
 * each stage where a broad COPY comes before a dependency install, copy the
 * manifests first, install, then copy the rest. LP101 and LP110 show the
 * snippet this computes and say "`layerplan fix` rewrites it" only for a
 * `move`, so what they promise is what `fix` does. Pure: text in, text out.
 */
import type { Step } from '../graph/index.js';
import { isBroadCopy, isContextCopy } from './copy-shape.js';
import { classifyRun, type Ecosystem } from './expense.js';
import { manifestCopyLine, nestedManifests, presentManifests } from './manifest-fix.js';
import { eachStage, shown } from './stage-steps.js';
import type { ContextFacts } from './types.js';

/** Instructions that cannot read the sources and may stay between the manifests COPY and the install. */
const MOVABLE_PAST = new Set(['ENV', 'ARG', 'LABEL', 'EXPOSE']);

export type InstallMove =
  /** `fix` rewrites it: `copyLine` (null when the manifests are already copied above) goes first, then the install. */
  | { readonly kind: 'move'; readonly copy: Step; readonly install: Step; readonly ecosystem: Ecosystem; readonly copyLine: string | null }
  /** The install could come first, but not by a safe rewrite; `why` says what stops it. */
  | { readonly kind: 'manual'; readonly copy: Step; readonly install: Step; readonly ecosystem: Ecosystem; readonly why: string };

/** The first broad COPY of a stage and the first dependency install after it, and whether `fix` can reorder them. */
export function planInstallMove(stage: readonly Step[], context: ContextFacts | null): InstallMove | null {
  const copy = stage.find(isBroadCopy);
  if (!copy) return null;
  const after = stage.slice(stage.indexOf(copy) + 1);
  const at = after.findIndex((s) => classifyRun(s)?.kind === 'install');
  const install = after[at];
  const expense = install ? classifyRun(install) : null;
  if (!install || expense?.kind !== 'install') return null;
  const base = { copy, install, ecosystem: expense.ecosystem };
  const blocker = after.slice(0, at).find((s) => !MOVABLE_PAST.has(s.instruction.keyword));
  if (blocker) return { kind: 'manual', ...base, why: `${shown(blocker)} (line ${blocker.instruction.line}) sits between ${shown(copy)} and the install and may need the files` };
  if (/(^|[;&|(\s])(cd|pushd)\s/.test(install.instruction.rest)) return { kind: 'manual', ...base, why: 'the install changes directory, so which manifests it reads is not known here' };
  const into = copy.op.kind === 'copy' ? copy.op.dest.replace(/\/+$/, '') || '/' : '';
  if (into !== install.state.workdir.replace(/\/+$/, '') && !(into === '/' && install.state.workdir === '/')) {
    return { kind: 'manual', ...base, why: `the install runs in ${install.state.workdir} but ${shown(copy)} writes to ${into}` };
  }
  const nested = context ? nestedManifests(expense.ecosystem, copy, context) : [];
  if (nested.length) {
    return { kind: 'manual', ...base, why: `${shown(copy)} also brings ${nested.length === 1 ? nested[0] : `${nested.length} ${expense.ecosystem.name} manifests below the top (${nested.slice(0, 2).join(', ')}…)`}: a workspace install reads those too, so the top ones alone would not install the same` };
  }
  if (manifestsCopiedAbove(stage.slice(0, stage.indexOf(copy)), expense.ecosystem, into)) return { kind: 'move', ...base, copyLine: null };
  // No context (a Dockerfile on stdin): which manifests exist is not known, so no rewrite is promised.
  if (!context) return { kind: 'manual', ...base, why: 'no build context was given (pass --context DIR), so which manifests exist is not known' };
  if (presentManifests(expense.ecosystem, copy, context).length === 0) {
    return { kind: 'manual', ...base, why: `no ${expense.ecosystem.name} manifest (${expense.ecosystem.manifests.slice(0, 2).join(', ')}) is at the top of what ${shown(copy)} copies` };
  }
  return { kind: 'move', ...base, copyLine: manifestCopyLine(expense.ecosystem, copy, context) };
}

/** A context COPY of only manifests into the install's folder earlier in the stage (`COPY package.json yarn.lock ./`). */
function manifestsCopiedAbove(before: readonly Step[], ecosystem: Ecosystem, into: string): boolean {
  return before.some((s) => s.op.kind === 'copy' && isContextCopy(s) && !isBroadCopy(s) && s.op.dest.replace(/\/+$/, '') === into
    && s.op.sources.some((src) => ecosystem.manifests.some((m) => !m.includes('*') && src.replace(/^.*\//, '') === m)));
}

/** The rewritten lines for one move: manifests, what sat between, the install, then the broad COPY. */
export function movedLines(lines: readonly string[], m: Extract<InstallMove, { kind: 'move' }>): string[] {
  const copyLines = lines.slice(m.copy.instruction.line - 1, m.copy.instruction.endLine);
  const installLines = lines.slice(m.install.instruction.line - 1, m.install.instruction.endLine);
  const between = lines.slice(m.copy.instruction.endLine, m.install.instruction.line - 1);
  const indent = /^\s*/.exec(copyLines[0] ?? '')?.[0] ?? '';
  return [...(m.copyLine ? [`${indent}${m.copyLine}`] : []), ...between, ...installLines, ...copyLines];
}

/** The snippet LP101/LP110 show for a move: the same lines `fix` writes, instructions shown in full. */
export function moveSnippet(m: Extract<InstallMove, { kind: 'move' }>): string {
  return [...(m.copyLine ? [m.copyLine] : []), shown(m.install, 200), shown(m.copy, 200)].join('\n');
}

export interface InstallOrderFix {
  readonly text: string;
  /** Why a stage was not rewritten, one line each. */
  readonly skipped: readonly string[];
  readonly changed: boolean;
}

export function fixInstallOrder(text: string, steps: readonly (readonly Step[])[], context: ContextFacts | null): InstallOrderFix {
  const planned = eachStage(steps).map((stage) => planInstallMove(stage, context)).filter((m): m is InstallMove => m !== null);
  const skipped = planned.flatMap((m) => (m.kind === 'manual' ? [`line ${m.copy.instruction.line}: ${m.why}; move it by hand`] : []));
  const moves = planned.flatMap((m) => (m.kind === 'move' ? [m] : []));
  if (!moves.length) return { text, skipped, changed: false };
  const lines = text.split('\n');
  // Bottom-up, so earlier line numbers stay valid.
  for (const m of [...moves].sort((a, b) => b.copy.instruction.line - a.copy.instruction.line)) {
    lines.splice(m.copy.instruction.line - 1, m.install.instruction.endLine - m.copy.instruction.line + 1, ...movedLines(lines, m));
  }
  return { text: lines.join('\n'), skipped, changed: true };
}
