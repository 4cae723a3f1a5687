/** Adapts a context snapshot to what key derivation asks of it: the files one source brings. */
import { fingerprintList, fingerprintRecord, patchFingerprints, resolveSources, restrictedFingerprints, type ContextEntry, type ContextSnapshot, type SourceMatch } from '../context/index.js';
import { digestText, listDigestText, patchDigestText, type Builder, type ContextView, type DigestText, type Fingerprints, type SourceLookup } from '../key/index.js';

/**
 * What a view answered, by builder and source, kept so that the view of a
 * snapshot patched from this one (check's index side) answers from it.
 */
export type ViewAnswers = Map<string, ViewAnswer>;

/** One answer: a source not found, or what it selected (the fingerprints, their walk order, their digest text). */
export type ViewAnswer =
  | { readonly kind: 'lookup'; readonly lookup: SourceLookup }
  | { readonly kind: 'selected'; readonly matches: readonly SourceMatch[]; readonly files: Fingerprints; readonly order: readonly string[]; readonly text: DigestText };

export interface ViewMemory {
  /** Where this view keeps its answers. */
  readonly remember?: ViewAnswers;
  /**
   * Another view's answers, and the entries in which this view's snapshot
   * differs from that one's: the same paths, and each changed entry a file
   * on both sides (see git/side.ts), so every source resolves as it did
   * there and only those entries' fingerprints move.
   */
  readonly reuse?: { readonly answers: ViewAnswers; readonly changed: readonly ContextEntry[] };
  /** check's two sides: fingerprints restricted to the files the change replaced (ViewRestriction). */
  readonly restrict?: ViewRestriction;
}

/**
 * check's two sides, when the index side's snapshot is the base side's with
 * the files at `paths` (context paths) replaced: fingerprints restricted to
 * those (context/restricted.ts), the same on both sides.
 */
export interface ViewRestriction {
  readonly paths: readonly string[];
}

/** A source asked for in whole (COPY --exclude filters every path) from a restricted view: plan without the restriction. */
export class RestrictionDoesNotHold extends Error {
  constructor(readonly source: string) {
    super(`"${source}" needs every fingerprint`);
  }
}

export function contextView(ctx: ContextSnapshot, builder: Builder, named: ReadonlyMap<string, ContextSnapshot> = new Map(), memory: ViewMemory = {}): ContextView {
  // BuildKit's content checksum ignores a directory's mode (recorded: dir-mode-change); buildah's tar digest does not.
  const fingerprints = { dirModes: builder !== 'buildkit' };
  const resolve = (source: string, wildcards: boolean): SourceMatch[] | SourceLookup => {
    const found = resolveSources(ctx, source, { allowWildcards: wildcards });
    if (found.kind === 'not-found') return found;
    // BuildKit copies nothing for a wildcard without matches; buildah fails (recorded: wildcard-no-match).
    if (builder === 'buildah' && found.matches.length === 0) return { kind: 'not-found', path: source };
    return [...found.matches];
  };
  const answer = (source: string, wildcards: boolean): ViewAnswer => {
    const found = resolve(source, wildcards);
    if (!Array.isArray(found)) return { kind: 'lookup', lookup: found };
    // The record only when read: a plan that takes the digest needs the text alone (see fingerprintList).
    const list = fingerprintList(ctx, found, fingerprints);
    let files: Fingerprints | undefined;
    const record = (): Fingerprints => (files ??= fingerprintRecord(list));
    return {
      kind: 'selected',
      matches: found,
      get files() {
        return record();
      },
      order: list.names,
      text: listDigestText(list.names, list.fingerprints, record, list.ascending),
    };
  };
  const patched = (base: ViewAnswer, changed: readonly ContextEntry[]): SourceLookup => {
    if (base.kind === 'lookup') return base.lookup;
    const patch = patchFingerprints(base.files, base.order, base.matches, changed, fingerprints);
    return { kind: 'ok', files: patch.files, text: patch.files === base.files ? base.text : patchDigestText(base.text, patch.files, patch.changed) };
  };
  return {
    named(name) {
      const snapshot = named.get(name);
      return snapshot ? contextView(snapshot, builder) : null;
    },
    select(source, { wildcards, whole = false }) {
      if (memory.restrict) {
        const found = resolve(source, wildcards);
        const restricted = Array.isArray(found) ? restrictedFingerprints(ctx, found, memory.restrict.paths, fingerprints) : null;
        if (restricted !== null && whole) throw new RestrictionDoesNotHold(source);
        if (restricted !== null) return { kind: 'ok', files: restricted, text: digestText(restricted) };
      }
      const id = answerId(builder, source, wildcards);
      const known = memory.reuse?.answers.get(id);
      if (known !== undefined && memory.reuse) return patched(known, memory.reuse.changed);
      const a = answer(source, wildcards);
      memory.remember?.set(id, a);
      if (a.kind === 'lookup') return a.lookup;
      return {
        kind: 'ok',
        get files() {
          return a.files;
        },
        text: a.text,
      };
    },
  };
}

/** Where a view keeps its answer for a source (ViewAnswers): by builder, and whether wildcards expand. */
export function answerId(builder: Builder, source: string, wildcards: boolean): string {
  return `${builder}\0${wildcards ? '*' : ''}\0${source}`;
}
