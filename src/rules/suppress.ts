/**
 * `# layerplan-ignore LP101 LP301` on the comment lines right above an
 * instruction silences those rules for it (`all` silences every rule).
 */
const PRAGMA = /^\s*#\s*layerplan-ignore\b(.*)$/;

/** Instruction line → rule ids silenced there. */
export function ignoredLines(text: string): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  let pending = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = PRAGMA.exec(raw);
    if (m) {
      for (const id of (m[1] ?? '').split(/[\s,]+/).filter(Boolean)) pending.add(id.toUpperCase() === 'ALL' ? 'all' : id.toUpperCase());
      return;
    }
    if (/^\s*(#.*)?$/.test(raw)) return;
    if (pending.size) out.set(i + 1, pending);
    pending = new Set();
  });
  return out;
}

export function isSilenced(ignored: ReadonlyMap<number, ReadonlySet<string>>, line: number, ruleId: string): boolean {
  const ids = ignored.get(line);
  return ids !== undefined && (ids.has(ruleId) || ids.has('all'));
}
