/**
 * Explains a miss by comparing this step's key inputs with the record of the
 * step it would have matched: the newest step recorded under the same parent,
 * else the newest step at the same place in this Dockerfile.
 */
import type { KeyValue, Step } from '../graph/index.js';
import { diffSelections } from '../context/sources.js';
import type { StepKey } from '../key/index.js';
import type { StepRecord, StoreView } from '../store/types.js';
import type { MissReason, VarChange } from './types.js';

export function compareWithRecord(record: StepRecord, key: StepKey, step: Step, store: StoreView): MissReason | null {
  if (record.op !== key.op) {
    const after = step.instruction.text;
    return record.instruction !== after
      ? { kind: 'instruction-changed', before: record.instruction, after }
      : { kind: 'instruction-changed', before: record.op, after: key.op };
  }
  const setting = changedSetting(record.settings, key.settings);
  if (setting) return setting;
  const env = envChanges(record.env, key.env);
  if (env) return { kind: 'env-changed', changes: env };
  return fileChanges(record, key, store);
}

function changedSetting(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): MissReason | null {
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[name] !== after[name]) return { kind: 'setting-changed', setting: name, before: before[name] ?? null, after: after[name] ?? null };
  }
  return null;
}

/** Changed, added and removed variables; a pure reorder (BuildKit hashes the order) lists the moved names unchanged. */
export function envChanges(before: readonly KeyValue[], after: readonly KeyValue[]): VarChange[] | null {
  const b = new Map(before);
  const a = new Map(after);
  const changes: VarChange[] = [];
  for (const name of new Set([...b.keys(), ...a.keys()])) {
    if (b.get(name) !== a.get(name)) changes.push({ name, before: b.get(name) ?? null, after: a.get(name) ?? null });
  }
  if (changes.length) return changes;
  const order = (l: readonly KeyValue[]): string => l.map(([k]) => k).join('\0');
  if (order(before) !== order(after)) return after.map(([name, value]) => ({ name, before: value, after: value }));
  return null;
}

function fileChanges(record: StepRecord, key: StepKey, store: StoreView): MissReason | null {
  const count = Math.max(record.files.length, key.files.length);
  for (let i = 0; i < count; i++) {
    const was = record.files[i];
    const now = key.files[i];
    if (was?.digest === now?.digest) continue;
    const before = was ? store.selection(was.digest) : {};
    return { kind: 'files-changed', ...diffSelections(before ?? {}, now?.files ?? {}) };
  }
  return null;
}
