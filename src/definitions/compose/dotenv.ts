/**
 * A `.env` file as Compose reads it: `KEY=VALUE` lines, `export ` allowed,
 * `#` comments, single quotes literal, double quotes with `\n` escapes,
 * unquoted values trimmed and cut at ` #`. Values interpolate earlier keys
 * and the environment (not single-quoted ones).
 */
import { interpolate, type Lookup } from './interpolate.js';

export function parseDotenv(text: string, outer: Lookup): Map<string, string> {
  const out = new Map<string, string>();
  const lookup: Lookup = (k) => outer(k) ?? out.get(k);
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1] as string;
    out.set(key, value(m[2] as string, lookup));
  }
  return out;
}

function value(v: string, lookup: Lookup): string {
  if (v.startsWith("'")) return v.slice(1, closing(v, "'"));
  if (v.startsWith('"')) {
    const body = v.slice(1, closing(v, '"')).replace(/\\n/g, '\n').replace(/\\"/g, '"');
    return interpolate(body, lookup, () => {});
  }
  return interpolate(v.replace(/\s+#.*$/, '').trim(), lookup, () => {});
}

function closing(v: string, q: string): number {
  const end = v.lastIndexOf(q);
  return end > 0 ? end : v.length;
}
