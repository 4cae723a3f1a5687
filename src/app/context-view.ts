/** Adapts a context snapshot to what key derivation asks of it: the files one source brings. */
import { fingerprintMatches, resolveSources, type ContextSnapshot } from '../context/index.js';
import type { Builder, ContextView } from '../key/index.js';

export function contextView(ctx: ContextSnapshot, builder: Builder, named: ReadonlyMap<string, ContextSnapshot> = new Map()): ContextView {
  // BuildKit's content checksum ignores a directory's mode (recorded: dir-mode-change); buildah's tar digest does not.
  const fingerprints = { dirModes: builder !== 'buildkit' };
  return {
    named(name) {
      const snapshot = named.get(name);
      return snapshot ? contextView(snapshot, builder) : null;
    },
    select(source, { wildcards }) {
      const found = resolveSources(ctx, source, { allowWildcards: wildcards });
      if (found.kind === 'not-found') return found;
      // BuildKit copies nothing for a wildcard without matches; buildah fails (recorded: wildcard-no-match).
      if (builder === 'buildah' && found.matches.length === 0) return { kind: 'not-found', path: source };
      return { kind: 'ok', files: fingerprintMatches(ctx, found.matches, fingerprints) };
    },
  };
}
