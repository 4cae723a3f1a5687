/**
 * The rewrite behind `layerplan fix`: for each stage where a broad COPY comes
 * before a dependency install, copy the manifests first, install, then copy
 * the rest. Pure: text in, text out. Only instructions that cannot read the
 * sources (ENV, ARG, LABEL, EXPOSE) may sit between the COPY and the install;
 * anything else might need the files, so that stage is left alone and said so.
 */
import type { Step } from '../graph/index.js';
import { isBroadCopy } from './copy-shape.js';
import { classifyRun, type Ecosystem } from './expense.js';
import { manifestCopyLine } from './manifest-fix.js';
import { eachStage, shown } from './stage-steps.js';
import type { ContextFacts } from './types.js';

const MOVABLE_PAST = new Set(['ENV', 'ARG', 'LABEL', 'EXPOSE']);

export interface InstallOrderFix {
  readonly text: string;
  /** Why a stage was not rewritten, one line each. */
  readonly skipped: readonly string[];
  readonly changed: boolean;
}

interface Move {
  readonly copy: Step;
  readonly install: Step;
  readonly ecosystem: Ecosystem;
}

export function fixInstallOrder(text: string, steps: readonly (readonly Step[])[], context: ContextFacts | null): InstallOrderFix {
  const moves: Move[] = [];
  const skipped: string[] = [];
  for (const stage of eachStage(steps)) {
    const copy = stage.find(isBroadCopy);
    if (!copy) continue;
    const after = stage.slice(stage.indexOf(copy) + 1);
    const at = after.findIndex((s) => classifyRun(s)?.kind === 'install');
    const install = after[at];
    const expense = install ? classifyRun(install) : null;
    if (!install || expense?.kind !== 'install') continue;
    const blocker = after.slice(0, at).find((s) => !MOVABLE_PAST.has(s.instruction.keyword));
    if (blocker) {
      skipped.push(`line ${copy.instruction.line}: ${shown(blocker)} (line ${blocker.instruction.line}) sits between ${shown(copy)} and the install and may need the files; move it by hand`);
      continue;
    }
    moves.push({ copy, install, ecosystem: expense.ecosystem });
  }
  if (!moves.length) return { text, skipped, changed: false };
  const lines = text.split('\n');
  // Bottom-up, so earlier line numbers stay valid.
  for (const m of [...moves].sort((a, b) => b.copy.instruction.line - a.copy.instruction.line)) {
    const copyLines = lines.slice(m.copy.instruction.line - 1, m.copy.instruction.endLine);
    const installLines = lines.slice(m.install.instruction.line - 1, m.install.instruction.endLine);
    const between = lines.slice(m.copy.instruction.endLine, m.install.instruction.line - 1);
    const indent = /^\s*/.exec(copyLines[0] ?? '')?.[0] ?? '';
    const replacement = [`${indent}${manifestCopyLine(m.ecosystem, m.copy, context)}`, ...between, ...installLines, ...copyLines];
    lines.splice(m.copy.instruction.line - 1, m.install.instruction.endLine - m.copy.instruction.line + 1, ...replacement);
  }
  return { text: lines.join('\n'), skipped, changed: true };
}
