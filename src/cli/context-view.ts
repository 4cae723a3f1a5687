/** Adapts a context snapshot to what key derivation asks of it: the files one source brings. */
import { fingerprintSelection, resolveSources, selectFiles, type ContextSnapshot } from '../context/index.js';
import type { ContextView } from '../key/index.js';

export function contextView(ctx: ContextSnapshot): ContextView {
  return {
    select(source, { wildcards }) {
      const found = resolveSources(ctx, source, { allowWildcards: wildcards });
      if (found.kind === 'not-found') return found;
      return { kind: 'ok', files: fingerprintSelection(selectFiles(ctx, found.matches)) };
    },
  };
}
