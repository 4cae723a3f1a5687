/**
 * The index side of a patched Dockerfile (app/shared-patched.ts) when every
 * recorded selection it reads has been checked against its build's commit
 * before (git/records-checked.ts): the staged edits are put into each
 * selection by name, through the matches the check found, and neither the
 * context (20,000 index entries made into a snapshot) nor the selection
 * (walked entry by entry against it) is read again. Same answer: the check
 * held for this commit, source and selection, and the index is that
 * commit's tree with only these files edited in place (patchBase), so it
 * resolves each source to the same matches and selects the same names; an
 * edited file is selected exactly when the selection names it.
 */
import { fingerprint, namedPath, relIn, type FingerprintOptions, type SourceMatch } from '../context/sources.js';
import type { ContextEntry, ContextSnapshot } from '../context/types.js';
import { checkKey, type CheckedSelections } from '../git/records-checked.js';
import { digestText, type Builder, type Fingerprints } from '../key/index.js';
import type { Target } from '../project/discover.js';
import { answerId, type ViewAnswer, type ViewAnswers } from './context-view.js';
import { contextDir, recordedSources, type PatchBase, type PatchedMemory, type PatchSources } from './shared-patched.js';

export interface CheckedInputs extends PatchSources {
  readonly checked: CheckedSelections;
}

/** Whether every source the build read from its context has a check remembered (cheap: no selection read). */
export function allChecked(base: PatchBase, target: Target, builder: Builder, checked: CheckedSelections): boolean {
  if (checked.size === 0) return false;
  return [...recordedSources(base.run)].every(([source, digest]) => [false, true].some((wildcards) => checked.has(keyOf(base, target, builder, source, wildcards, digest))));
}

/**
 * The view memory for the index side from remembered checks, or null when one is missing, a selection
 * is not stored, or a changed blob has no digest (then the caller checks against the index).
 */
export function checkedMemory(p: CheckedInputs): PatchedMemory | null {
  const changed = editedEntries(p);
  if (changed === null) return null;
  const opts: FingerprintOptions = { dirModes: p.builder !== 'buildkit' };
  const answers: ViewAnswers = new Map();
  // A literal source is checked with and without wildcards, to the same matches: its selection is patched once.
  const made = new Map<string, ViewAnswer>();
  for (const [source, digest] of recordedSources(p.base.run)) {
    const files = p.selection(digest);
    if (!files) return null;
    let found = false;
    for (const wildcards of [false, true]) {
      const matches = p.checked.get(keyOf(p.base, p.target, p.builder, source, wildcards, digest));
      if (!matches) continue;
      const id = `${digest} ${JSON.stringify(matches)}`;
      const answer = made.get(id) ?? patchedAnswer(files, matches, changed, opts);
      made.set(id, answer);
      answers.set(answerId(p.builder, source, wildcards), answer);
      found = true;
    }
    if (!found) return null;
  }
  const fresh: ViewAnswers = new Map();
  // Each answer already has the edits in: the view puts nothing more in.
  return { reuse: { answers, changed: [] }, remember: fresh, fresh, held: new Map() };
}

/** A side with no entries: every source is answered from the memory (a fresh answer means plan otherwise). */
export function noEntries(root: string): { readonly snapshot: ContextSnapshot } {
  return { snapshot: { root, entries: new Map(), ignoreFile: null } };
}

function keyOf(base: PatchBase, target: Target, builder: Builder, source: string, wildcards: boolean, digest: string): string {
  return checkKey({ commit: base.run.git?.commit ?? '', context: contextDir(target), dockerfile: target.dockerfile, builder, source, wildcards, digest });
}

/** The edited files as the index has them (context paths, their blobs' XXH64), or null when a digest is missing. */
function editedEntries(p: CheckedInputs): ContextEntry[] | null {
  const prefix = contextDir(p.target) === '' ? '' : `${p.target.context}/`;
  const out: ContextEntry[] = [];
  for (const c of p.base.changes) {
    const digest = c.after ? p.digests.get(c.after.oid) : undefined;
    if (digest === undefined || !c.after) return null;
    out.push({ path: c.path.slice(prefix.length), type: 'file', mode: c.after.mode === '100755' ? 0o755 : 0o644, size: 0, digest });
  }
  return out;
}

/** The recorded selection with each edited file it names given the index's fingerprint. */
function patchedAnswer(files: Fingerprints, matches: readonly SourceMatch[], changed: readonly ContextEntry[], opts: FingerprintOptions): ViewAnswer {
  const updates = new Map<string, string>();
  for (const entry of changed) {
    for (const m of matches) {
      const rel = relIn(m, entry.path);
      const name = rel === null ? null : namedPath(m.path, rel);
      if (name !== null && typeof files[name] === 'string') updates.set(name, fingerprint(entry, opts));
    }
  }
  const order = Object.keys(files);
  let out: Fingerprints = files;
  if (updates.size) {
    const copy: Record<string, string> = {};
    for (const name of order) copy[name] = files[name] as string;
    for (const [name, fp] of updates) copy[name] = fp;
    out = copy;
  }
  return { kind: 'selected', matches, files: out, order, text: digestText(out, order) };
}
