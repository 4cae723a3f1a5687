/** Miss reasons in words, shared by the plain report and the TUI. */
import type { MissReason, MissReasonKind, VarChange } from '../plan/index.js';
import { oneLine } from '../parse/one-line.js';
import { assertNever } from '../lang/assert-never.js';
import { when } from './basis-text.js';

export { oneLine };

const FIRST_FILES = 3;

/** One short line for a report row. */
export function reasonLine(reason: MissReason): string {
  switch (reason.kind) {
    case 'first-build':
      return 'first build: no earlier build made this layer';
    case 'parent-rebuilt':
      return reason.parent.id === reason.origin.id ? `line ${reason.origin.line} is rebuilt` : `line ${reason.origin.line} is rebuilt (cascade)`;
    case 'instruction-changed':
      return `instruction changed (was: ${oneLine(reason.before)})`;
    case 'setting-changed':
      return `${reason.setting} changed: ${show(reason.before)} → ${show(reason.after)}`;
    case 'env-changed':
      if (reason.order) return `order of ENV/ARG changed: ${reason.order.before.join(', ')} → ${reason.order.after.join(', ')}`;
      return `${reason.changes.map(varChange).join(', ')}${reason.image ? ` (image ${reason.image.before} → ${reason.image.after})` : ''}`;
    case 'files-changed':
      return `files changed${reason.context ? ` in context ${reason.context}` : ''}: ${fileSummary(reason)}`;
    case 'base-image-changed':
      return `base image ${reason.ref} changed: ${short(reason.before)} → ${short(reason.after)}`;
    case 'stage-output':
      return `stage ${reason.stage} is rebuilt: cached only if its output is byte-identical`;
    case 'remote-source':
      return `remote source ${reason.location} is re-checked by the builder (add --checksum to pin it)`;
    case 'no-cache':
      return reason.stage === null ? 'built without the cache (--no-cache)' : `stage ${reason.stage} is built without the cache (--no-cache-filter)`;
    case 'cache-pruned':
      return `cache pruned: the layer built ${reason.builtAt ? `on ${when(reason.builtAt)}` : 'earlier'} is gone from ${reason.engine ?? 'the builder'}'s build cache`;
    default:
      return assertNever(reason);
  }
}

/** The reason in full, one entry per line, for a detail view: every file, every old → new value. */
export function reasonDetail(reason: MissReason): string[] {
  switch (reason.kind) {
    case 'parent-rebuilt': {
      const { parent, origin } = reason;
      const lines = [`the step before it is rebuilt: line ${parent.line}  ${oneLine(parent.instruction)}`];
      if (origin.id !== parent.id) lines.push(`the cascade starts at line ${origin.line}  ${oneLine(origin.instruction)}`);
      return lines;
    }
    case 'instruction-changed':
      return ['instruction changed', `  was: ${oneLine(reason.before)}`, `  now: ${oneLine(reason.after)}`];
    case 'env-changed':
      if (reason.order) return ['the order of ENV/ARG changed (BuildKit hashes the order):', `  was: ${reason.order.before.join(', ')}`, `  now: ${reason.order.after.join(', ')}`];
      return [
        'build args / env changed:',
        ...reason.changes.map((c) => `  ${c.name}: ${show(c.before)} → ${show(c.after)}`),
        ...(reason.image ? [`  so FROM names ${reason.image.after} (was ${reason.image.before})`] : []),
      ];
    case 'files-changed': {
      const list = [...reason.modified.map((p) => `  modified  ${p}`), ...reason.added.map((p) => `  added     ${p}`), ...reason.removed.map((p) => `  removed   ${p}`)];
      const where = reason.context ? ` in context ${reason.context}` : '';
      return list.length ? [`files changed${where} (${list.length}):`, ...list] : [`files changed${where}: the contents differ`];
    }
    case 'base-image-changed':
      return [`base image ${reason.ref} changed`, `  was: ${reason.before}`, `  now: ${reason.after}`];
    case 'first-build':
    case 'setting-changed':
    case 'stage-output':
    case 'remote-source':
    case 'no-cache':
    case 'cache-pruned':
      // One line says all of these.
      return [reasonLine(reason)];
    default:
      return assertNever(reason);
  }
}

/** A recorded reason (the store keeps only its kind), in words. */
const KIND_TEXT: Readonly<Record<MissReason['kind'], string>> = {
  'first-build': 'first build',
  'parent-rebuilt': 'an earlier step is rebuilt',
  'instruction-changed': 'instruction changed',
  'setting-changed': 'user, workdir, shell or platform changed',
  'env-changed': 'build args / env changed',
  'files-changed': 'files changed',
  'base-image-changed': 'base image changed',
  'stage-output': 'reads a rebuilt stage',
  'remote-source': 'remote source re-checked',
  'no-cache': 'built without the cache',
  'cache-pruned': 'cache pruned',
};

export function reasonKindText(kind: MissReasonKind): string {
  // A record written by another version may name a kind this one does not know: show it as written.
  return KIND_TEXT[kind] ?? kind;
}

function fileSummary(r: { added: readonly string[]; removed: readonly string[]; modified: readonly string[] }): string {
  const all = [...r.modified.map((p) => `${p} (modified)`), ...r.added.map((p) => `${p} (added)`), ...r.removed.map((p) => `${p} (removed)`)];
  if (!all.length) return 'contents differ';
  const more = all.length > FIRST_FILES ? ` and ${all.length - FIRST_FILES} more` : '';
  return all.slice(0, FIRST_FILES).join(', ') + more;
}

function varChange(c: VarChange): string {
  return `${c.name} changed: ${show(c.before)} → ${show(c.after)}`;
}

function show(v: string | null): string {
  return v === null ? '(unset)' : JSON.stringify(v);
}

function short(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
