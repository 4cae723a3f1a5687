/**
 * A context view that answers from, and adds to, a selection memo (see
 * context/selection-memo.ts): a remembered source gets its digest and size
 * at once, and its files only if something reads them (recording a build,
 * explaining a miss), from the view underneath; a selection of one entry (or
 * none) is remembered with its files, which the key derivation reads (kept
 * under the same snapshot identity, they are the view's own), so an unchanged
 * re-plan never needs the snapshot's entries. A source not remembered is selected and hashed here,
 * once (the key takes the digest from here instead of hashing it again).
 * Pure.
 */
import { FILES_KEPT_UP_TO, type Remembered, type SelectionMemo } from '../context/selection-memo.js';
import type { Builder, ContextView, HashFn, SourceLookup } from '../key/index.js';
import { answerId } from './context-view.js';

export function memoView(view: ContextView, memo: SelectionMemo, builder: Builder, hash: HashFn): ContextView {
  return {
    named: (name) => view.named?.(name) ?? null,
    select(source, opts) {
      const id = answerId(builder, source, opts.wildcards);
      const kept = memo.known.get(id) ?? memo.learned.get(id); // Learnt: planned again in this run (after an engine import, say).
      if (kept !== undefined) return remembered(() => view.select(source, opts), kept);
      const found = view.select(source, opts);
      if (found.kind !== 'ok' || found.text === undefined) return found;
      const count = found.text.paths.length;
      const known = { digest: hash(found.text.text), count };
      memo.learned.set(id, count <= FILES_KEPT_UP_TO ? { ...known, files: found.files } : known);
      const { text } = found;
      // Not spread: that would read the files, which the view makes only when they are read.
      return {
        kind: 'ok',
        get files() {
          return found.files;
        },
        text,
        known,
      };
    },
  };
}

/** A remembered selection: its files, unless remembered too, are selected from the view the first time they are read. */
function remembered(select: () => SourceLookup, { files: kept, ...known }: Remembered): SourceLookup {
  if (kept !== undefined) return { kind: 'ok', known, files: kept };
  let files: SourceLookup | undefined;
  return {
    kind: 'ok',
    known,
    get files() {
      files ??= select();
      // The memo is written under the snapshot's identity, so the same snapshot selects the same: anything else is a bug.
      if (files.kind !== 'ok') throw new Error(`a remembered selection no longer resolves: ${files.path}`);
      return files.files;
    },
  };
}
