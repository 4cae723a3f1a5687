/**
 * Compose's interpolation (compose-spec "Interpolation"): `$VAR`, `${VAR}`,
 * `${VAR:-default}` (unset or empty), `${VAR-default}` (unset),
 * `${VAR:?err}` / `${VAR?err}` (required), `${VAR:+alt}` / `${VAR+alt}`,
 * `$$` for a literal `$`. Defaults may hold further interpolations.
 */
import { assertNever } from '../../lang/assert-never.js';

export type Lookup = (name: string) => string | undefined;

export type InterpolationError =
  | { readonly kind: 'missing'; readonly variable: string; readonly reason: string }
  | { readonly kind: 'invalid'; readonly template: string };

export class InterpolationFailure extends Error {
  constructor(readonly error: InterpolationError) {
    super(error.kind);
  }
}

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;

/** `onUnset` sees each variable used bare (`${VAR}`) while unset: Compose warns and uses "". */
export function interpolate(text: string, lookup: Lookup, onUnset: (name: string) => void): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0) return out + text.slice(i);
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const end = closingBrace(text, dollar + 2);
      if (end < 0) throw new InterpolationFailure({ kind: 'invalid', template: text });
      out += braced(text.slice(dollar + 2, end), lookup, onUnset, text);
      i = end + 1;
    } else {
      const name = NAME.exec(text.slice(dollar + 1))?.[0];
      if (!name) {
        // A lone `$` (or `$1`) is kept as written, as compose-go does.
        out += '$';
        i = dollar + 1;
        continue;
      }
      out += plain(name, lookup, onUnset);
      i = dollar + 1 + name.length;
    }
  }
  return out;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function plain(name: string, lookup: Lookup, onUnset: (name: string) => void): string {
  const v = lookup(name);
  if (v === undefined) onUnset(name);
  return v ?? '';
}

function braced(inner: string, lookup: Lookup, onUnset: (name: string) => void, template: string): string {
  const name = NAME.exec(inner)?.[0];
  if (!name) throw new InterpolationFailure({ kind: 'invalid', template });
  const rest = inner.slice(name.length);
  if (rest === '') return plain(name, lookup, onUnset);
  const op = /^(:?[-?+])/.exec(rest)?.[1];
  if (!op) throw new InterpolationFailure({ kind: 'invalid', template });
  const arg = rest.slice(op.length);
  const value = lookup(name);
  const absent = op.startsWith(':') ? value === undefined || value === '' : value === undefined;
  const nested = (): string => interpolate(arg, lookup, onUnset);
  switch (op.slice(-1)) {
    case '-':
      return absent ? nested() : (value as string);
    case '?':
      if (absent) throw new InterpolationFailure({ kind: 'missing', variable: name, reason: nested() });
      return value as string;
    default:
      return absent ? '' : nested();
  }
}

/** Compose's own wording (compose-go template.MissingRequiredError). */
export function interpolationMessage(e: InterpolationError, where: string): string {
  switch (e.kind) {
    case 'missing':
      return `error while interpolating ${where}: required variable ${e.variable} is missing a value${e.reason ? `: ${e.reason}` : ''}`;
    case 'invalid':
      return `invalid interpolation format for ${where}: ${JSON.stringify(e.template)}; you may need to escape any $ with another $`;
    default:
      return assertNever(e);
  }
}
