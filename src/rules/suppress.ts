/**
 * Pragmas in Dockerfile comments that silence rules:
 * - `# layerplan-ignore LP101 LP301`, or hadolint's form `# layerplan ignore=LP101,LP301`, on the comment
 *   lines right above an instruction: those rules for that instruction (`all`: every rule);
 * - `# layerplan global ignore=LP301` anywhere: those rules for the whole file.
 */
const LINE_PRAGMA = /^\s*#\s*layerplan(?:-ignore\b|\s+ignore\s*=)(.*)$/i;
const GLOBAL_PRAGMA = /^\s*#\s*layerplan\s+global\s+ignore\s*=(.*)$/i;

export interface Silenced {
  /** Instruction line → rule ids silenced there. */
  readonly lines: ReadonlyMap<number, ReadonlySet<string>>;
  /** Rule ids silenced in the whole file. */
  readonly global: ReadonlySet<string>;
}

function ruleIds(list: string): string[] {
  return list.split(/[\s,]+/).filter(Boolean).map((id) => (id.toUpperCase() === 'ALL' ? 'all' : id.toUpperCase()));
}

export function silencedRules(text: string): Silenced {
  const lines = new Map<number, Set<string>>();
  const global = new Set<string>();
  let pending = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const g = GLOBAL_PRAGMA.exec(raw);
    if (g) {
      for (const id of ruleIds(g[1] ?? '')) global.add(id);
      return;
    }
    const m = LINE_PRAGMA.exec(raw);
    if (m) {
      for (const id of ruleIds(m[1] ?? '')) pending.add(id);
      return;
    }
    if (/^\s*(#.*)?$/.test(raw)) return;
    if (pending.size) lines.set(i + 1, pending);
    pending = new Set();
  });
  return { lines, global };
}

export function isSilenced(silenced: Silenced, line: number, ruleId: string): boolean {
  if (silenced.global.has(ruleId) || silenced.global.has('all')) return true;
  const ids = silenced.lines.get(line);
  return ids !== undefined && (ids.has(ruleId) || ids.has('all'));
}
