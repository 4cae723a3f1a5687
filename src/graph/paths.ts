/** Paths inside the image, resolved as the builders do (Go's `path.Clean`, shared with the context module). */
import { cleanPath } from '../lang/go-path.js';

export { cleanPath };

/** Resolves `p` against the working directory, as WORKDIR and COPY destinations do. */
export function resolveFrom(workdir: string, p: string): string {
  return cleanPath(p.startsWith('/') ? p : `${workdir}/${p}`);
}
