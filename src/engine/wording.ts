/**
 * The one wording for a base no engine identified, in the plain report and
 * the JSON note alike (and so in the docs made from them): which bases, why
 * (the engine's own failure, e.g. "no Docker Engine at unix:///… (no such
 * socket)"), and what to do. No imports: the plain report takes it without
 * loading the engine client.
 */
export function knownByNameOnly(refs: readonly string[], why: string): string {
  return `base ${refs.join(', ')}: known by name only (${why}), so a tag moved to another image cannot be seen; pin @sha256:… to make it exact`;
}
