/** Adapts a context snapshot to what key derivation asks of it: the files one source brings. */
import { fingerprintSelection, resolveSources, selectFiles, type ContextSnapshot } from '../context/index.js';
import type { Builder, ContextView, Fingerprints } from '../key/index.js';

export function contextView(ctx: ContextSnapshot, builder: Builder): ContextView {
  return {
    select(source, { wildcards }) {
      const found = resolveSources(ctx, source, { allowWildcards: wildcards });
      if (found.kind === 'not-found') return found;
      // BuildKit copies nothing for a wildcard without matches; buildah fails (recorded: wildcard-no-match).
      if (builder === 'buildah' && found.matches.length === 0) return { kind: 'not-found', path: source };
      const files = fingerprintSelection(selectFiles(ctx, found.matches));
      return { kind: 'ok', files: builder === 'buildkit' ? withoutDirModes(files) : files };
    },
  };
}

/** BuildKit's content checksum ignores a directory's mode (recorded: dir-mode-change); buildah's tar digest does not. */
function withoutDirModes(files: Fingerprints): Fingerprints {
  const out: Record<string, string> = {};
  for (const [p, fp] of Object.entries(files)) out[p] = fp.startsWith('d:') ? 'd' : fp;
  return out;
}
