/**
 * What BuildKit's Dockerfile parser refuses before it builds anything (frontend/dockerfile/parser and
 * instructions/parse.go, as Docker Engine 28.5 runs them): argument counts, NAME=VALUE forms, the flags each
 * instruction takes. The messages are BuildKit's own words, checked against a real build; a bare `RUN` and
 * `CMD` are accepted there, so they are here too. ONBUILD triggers are checked only for what ONBUILD itself
 * refuses: BuildKit parses a trigger's arguments when a stage inherits it.
 */
import type { Flag, Instruction } from './instruction.js';
import { splitWords } from './expand.js';

type FlagKind = 'string' | 'bool';

/** BuildKit 28.5's flags per instruction (plus COPY --parents, which buildah 1.43 and BuildKit's labs accept). */
const FLAGS: Readonly<Record<string, Readonly<Record<string, FlagKind>>>> = {
  ADD: { chown: 'string', chmod: 'string', link: 'bool', 'keep-git-dir': 'bool', checksum: 'string', exclude: 'string', unpack: 'bool' },
  COPY: { from: 'string', chown: 'string', chmod: 'string', link: 'bool', exclude: 'string', parents: 'bool' },
  RUN: { mount: 'string', network: 'string' },
  FROM: { platform: 'string' },
  HEALTHCHECK: { interval: 'string', timeout: 'string', 'start-period': 'string', 'start-interval': 'string', retries: 'string' },
};

const EXACTLY_ONE = new Set(['WORKDIR', 'USER', 'MAINTAINER', 'STOPSIGNAL']);
const AT_LEAST_ONE = new Set(['ARG', 'ENV', 'LABEL', 'EXPOSE', 'VOLUME', 'SHELL', 'HEALTHCHECK', 'ONBUILD']);
const NETWORK_MODES = new Set(['default', 'none', 'host']);

/** BuildKit's message for the first thing it refuses in this instruction, or null when it parses. */
export function refusal(ins: Instruction): string | null {
  return flagRefusal(ins) ?? argumentRefusal(ins);
}

function flagRefusal(ins: Instruction): string | null {
  const known = FLAGS[ins.keyword] ?? {};
  for (const f of ins.flags) {
    const kind = known[f.name];
    if (!kind) return `unknown flag: --${f.name}`;
    const bad = kind === 'bool' ? boolRefusal(f) : f.value === null ? `missing a value on flag: --${f.name}` : null;
    if (bad) return bad;
  }
  const network = ins.keyword === 'RUN' ? ins.flags.find((f) => f.name === 'network')?.value : undefined;
  return network && !NETWORK_MODES.has(network) ? `invalid network mode "${network}"` : null;
}

function boolRefusal(f: Flag): string | null {
  if (f.value === null || ['true', 'false'].includes(f.value.toLowerCase())) return null;
  return `expecting boolean value for flag --${f.name}, not: ${f.value}`;
}

function argumentRefusal(ins: Instruction): string | null {
  const k = ins.keyword;
  if (EXACTLY_ONE.has(k)) return ins.rest ? null : `${k} requires exactly one argument`;
  if (AT_LEAST_ONE.has(k) && !ins.rest) return `${k} requires at least one argument`;
  switch (k) {
    case 'FROM':
      return fromRefusal(ins.rest);
    case 'COPY':
    case 'ADD':
      return (ins.exec ?? splitWords(ins.rest)).length < 2 ? `${k} requires at least two arguments, but only one was provided. Destination could not be determined` : null;
    case 'ENV':
    case 'LABEL':
      return nameValueRefusal(k, ins.rest);
    case 'ARG':
      return splitWords(ins.rest).some((w) => w.startsWith('=')) ? 'ARG names can not be blank' : null;
    case 'SHELL':
      return shellRefusal(ins.rest);
    case 'HEALTHCHECK':
      return healthcheckRefusal(ins.rest);
    case 'ONBUILD':
      return onbuildRefusal(ins.trigger);
    default:
      return null;
  }
}

function fromRefusal(rest: string): string | null {
  const words = splitWords(rest);
  const ok = words.length === 1 || (words.length === 3 && words[1]?.toUpperCase() === 'AS');
  return ok ? null : 'FROM requires either one or three arguments';
}

/** `ENV K V` (legacy: a name, then the value) or `ENV K=V ...` (every word NAME=VALUE). */
function nameValueRefusal(k: string, rest: string): string | null {
  const words = splitWords(rest);
  const first = words[0] ?? '';
  if (!first.includes('=')) return words.length < 2 ? `${k} must have two arguments` : null;
  for (const w of words) {
    if (!w.includes('=')) return `Syntax error - can't find = in "${w}". Must be of the form: name=value`;
    if (w.startsWith('=')) return `${k} names can not be blank`;
  }
  return null;
}

function shellRefusal(rest: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(rest);
  } catch {
    return 'SHELL requires the arguments to be in JSON form';
  }
  if (!Array.isArray(value)) return 'SHELL requires the arguments to be in JSON form';
  if (!value.every((v) => typeof v === 'string')) return 'when using JSON array syntax, arrays must be comprised of strings only';
  return value.length ? null : 'SHELL requires at least one argument';
}

function healthcheckRefusal(rest: string): string | null {
  const [type = '', ...more] = splitWords(rest);
  const upper = type.toUpperCase();
  if (upper === 'NONE') return more.length ? 'HEALTHCHECK NONE takes no arguments' : null;
  if (upper === 'CMD') return more.length ? null : 'Missing command after HEALTHCHECK CMD';
  return `Unknown type "${upper}" in HEALTHCHECK (try CMD)`;
}

function onbuildRefusal(trigger: Instruction | null): string | null {
  if (!trigger) return null;
  if (trigger.keyword === 'ONBUILD') return 'Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed';
  return trigger.keyword === 'FROM' || trigger.keyword === 'MAINTAINER' ? `${trigger.keyword} isn't allowed as an ONBUILD trigger` : null;
}
