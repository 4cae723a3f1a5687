/**
 * Explains a miss by comparing this step's key inputs with the record of the
 * step it would have matched: the newest step recorded under the same parent,
 * else the newest step at the same place in this Dockerfile. Pure: the
 * recorded file selection a files-changed reason needs is looked up by the
 * caller (changedSelection says which) and passed in.
 */
import type { KeyValue, Step } from '../graph/index.js';
import { diffSelections } from './file-changes.js';
import type { Fingerprints, StepKey } from '../key/index.js';
import type { StepRecord } from '../store/types.js';
import type { MissReason, VarChange } from './types.js';

/** The first of op, settings and env that differs; null when they agree (then compare the files). */
export function compareWithRecord(record: StepRecord, key: StepKey, step: Step): MissReason | null {
  if (record.op !== key.op) {
    const after = step.instruction.text;
    const args = record.instruction === after ? argValueChanges(record.op, key.op, step) : null;
    if (args) return args;
    return record.instruction !== after
      ? { kind: 'instruction-changed', before: record.instruction, after }
      : { kind: 'instruction-changed', before: record.op, after: key.op };
  }
  const setting = changedSetting(record.settings, key.settings);
  if (setting) return setting;
  const env = envChanges(record.env, key.env);
  return env;
}

/**
 * buildah keys `ARG X` by whether X has a value (`ARG X=` in its op): a build arg set or unset is an env change
 * naming X, not an instruction change.
 */
function argValueChanges(before: string, after: string, step: Step): MissReason | null {
  if (step.op.kind !== 'arg' || !before.startsWith('ARG ') || !after.startsWith('ARG ')) return null;
  const valued = (op: string): Set<string> => new Set(op.slice(4).split(' ').filter((w) => w.endsWith('=')).map((w) => w.slice(0, -1)));
  const [b, a] = [valued(before), valued(after)];
  const value = new Map(step.state.args);
  const changes = step.op.names.filter((n) => b.has(n) !== a.has(n)).map((name) => ({ name, before: b.has(name) ? '(set)' : null, after: a.has(name) ? value.get(name) ?? '' : null }));
  return changes.length ? { kind: 'env-changed', changes } : null;
}

function changedSetting(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): MissReason | null {
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[name] !== after[name]) return { kind: 'setting-changed', setting: name, before: before[name] ?? null, after: after[name] ?? null };
  }
  return null;
}

/** Changed, added and removed variables; a pure reorder (BuildKit hashes the order) says the order, old and new. */
export function envChanges(before: readonly KeyValue[], after: readonly KeyValue[]): Extract<MissReason, { kind: 'env-changed' }> | null {
  const b = new Map(before);
  const a = new Map(after);
  const changes: VarChange[] = [];
  for (const name of new Set([...b.keys(), ...a.keys()])) {
    if (b.get(name) !== a.get(name)) changes.push({ name, before: b.get(name) ?? null, after: a.get(name) ?? null });
  }
  if (changes.length) return { kind: 'env-changed', changes };
  const names = (l: readonly KeyValue[]): string[] => l.map(([k]) => k);
  if (names(before).join('\0') !== names(after).join('\0')) return { kind: 'env-changed', changes: [], order: { before: names(before), after: names(after) } };
  return null;
}

/** A file source whose selection moved: the recorded selection digest (null: none recorded there) and what it reads now. */
export interface MovedSelection {
  readonly before: string | null;
  readonly after: Fingerprints;
  /** How many paths `after` holds, when key derivation counted them: the diff then need not list them again. */
  readonly afterSize?: number;
  /** The named context (--build-context NAME) of the files; absent: the build context. */
  readonly context?: string;
}

/** The first file source whose digest differs from the record's, or null when all agree. */
export function changedSelection(record: StepRecord, key: StepKey): MovedSelection | null {
  const count = Math.max(record.files.length, key.files.length);
  for (let i = 0; i < count; i++) {
    const was = record.files[i];
    const now = key.files[i];
    if (was?.digest !== now?.digest) {
      return { before: was?.digest ?? null, after: now?.files ?? {}, ...(now?.count === undefined ? {} : { afterSize: now.count }), ...(now?.context ? { context: now.context } : {}) };
    }
  }
  return null;
}

/** The files-changed reason for a moved selection, given the recorded selection it moved from. */
export function filesChanged(before: Fingerprints, moved: MovedSelection): MissReason {
  return { kind: 'files-changed', ...diffSelections(before, moved.after, moved.afterSize), ...(moved.context ? { context: moved.context } : {}) };
}
