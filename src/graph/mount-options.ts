/** RUN --mount's option list, read once for the graph (which stage a mount reads) and for the step (the mount). */

/** BuildKit's spellings of the same option. */
const OPTION_ALIASES: Record<string, string> = { src: 'source', dst: 'target', destination: 'target', ro: 'readonly', rw: 'readwrite' };

/** `type=cache,target=/x,id=y` → its options (keys lower-cased, aliases resolved), each value through `value`. */
export function mountOptions(spec: string, value: (raw: string) => string): Record<string, string> {
  const options: Record<string, string> = {};
  for (const field of spec.split(',')) {
    if (!field) continue;
    const eq = field.indexOf('=');
    const rawKey = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const key = OPTION_ALIASES[rawKey] ?? rawKey;
    options[key] = eq < 0 ? 'true' : value(field.slice(eq + 1));
  }
  return options;
}
