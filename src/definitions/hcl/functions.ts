/**
 * The HCL functions bake files commonly call (buildx bake/hclparser/stdlib.go
 * lists them all; those not here are an "unknown function" error naming
 * the call's place). Clock and home folder come from the caller.
 */
import type { Value } from './ast.js';
import { equal, isObject, type HclFunction } from './evaluate.js';

export interface HostFacts {
  /** RFC 3339 time for timestamp(). */
  readonly now: string;
  readonly homedir: string;
}

const s = (v: Value | undefined): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`a string is required, got ${v === null ? 'null' : typeof v}`);
};
const n = (v: Value | undefined): number => {
  const x = typeof v === 'number' ? v : Number(s(v));
  if (!Number.isFinite(x)) throw new Error('a number is required');
  return x;
};
const list = (v: Value | undefined): readonly Value[] => {
  if (!Array.isArray(v)) throw new Error('a list is required');
  return v;
};
const obj = (v: Value | undefined): { readonly [k: string]: Value } => {
  if (v === undefined || !isObject(v)) throw new Error('a map or object is required');
  return v;
};
const bool = (v: Value | undefined): boolean => {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new Error('a bool is required');
};

/** Go regexp syntax mostly matches JS; `(?P<name>` is JS's `(?<name>`. */
const re = (pattern: Value | undefined, flags = ''): RegExp => new RegExp(s(pattern).replace(/\(\?P</g, '(?<'), flags);

function format(spec: string, args: readonly Value[]): string {
  let i = 0;
  return spec.replace(/%(%|[-+# 0-9.]*[sdvqft])/g, (_m, verb: string) => {
    if (verb === '%') return '%';
    const v = args[i++];
    const kind = verb.slice(-1);
    if (kind === 'd') return String(Math.trunc(n(v)));
    if (kind === 'q') return JSON.stringify(s(v));
    if (kind === 'f') return n(v).toFixed(/\.(\d+)/.exec(verb)?.[1] ? Number(/\.(\d+)/.exec(verb)?.[1]) : 6);
    if (kind === 't') return String(bool(v));
    return typeof v === 'object' && v !== null ? JSON.stringify(v) : s(v);
  });
}

export function hclFunctions(host: HostFacts): ReadonlyMap<string, HclFunction> {
  const fns: Record<string, HclFunction> = {
    // strings
    lower: (a) => s(a[0]).toLowerCase(),
    upper: (a) => s(a[0]).toUpperCase(),
    title: (a) => s(a[0]).replace(/\b\p{L}/gu, (c) => c.toUpperCase()),
    trimspace: (a) => s(a[0]).trim(),
    trim: (a) => {
      const cut = [...s(a[1])];
      let t = s(a[0]);
      while (t && cut.includes(t[0] as string)) t = t.slice(1);
      while (t && cut.includes(t[t.length - 1] as string)) t = t.slice(0, -1);
      return t;
    },
    trimprefix: (a) => (s(a[0]).startsWith(s(a[1])) ? s(a[0]).slice(s(a[1]).length) : s(a[0])),
    trimsuffix: (a) => (s(a[1]) && s(a[0]).endsWith(s(a[1])) ? s(a[0]).slice(0, -s(a[1]).length) : s(a[0])),
    chomp: (a) => s(a[0]).replace(/(\r?\n)+$/, ''),
    strlen: (a) => [...s(a[0])].length,
    substr: (a) => {
      const chars = [...s(a[0])];
      const off = n(a[1]) < 0 ? chars.length + n(a[1]) : n(a[1]);
      return chars.slice(off, n(a[2]) < 0 ? undefined : off + n(a[2])).join('');
    },
    replace: (a) => {
      const needle = s(a[1]);
      const m = /^\/(.*)\/$/s.exec(needle);
      return m ? s(a[0]).replace(re(m[1], 'g'), s(a[2]).replace(/\$\{(\w+)\}/g, '$$<$1>')) : s(a[0]).split(needle).join(s(a[2]));
    },
    regex_replace: (a) => s(a[0]).replace(re(a[1], 'g'), s(a[2]).replace(/\$\{(\w+)\}/g, '$$<$1>')),
    regex: (a) => {
      const m = re(a[0]).exec(s(a[1]));
      if (!m) throw new Error('pattern did not match');
      if (m.groups) return { ...m.groups } as Value;
      return m.length > 1 ? m.slice(1).map((x) => x ?? '') : m[0];
    },
    regexall: (a) => [...s(a[1]).matchAll(re(a[0], 'g'))].map((m) => (m.length > 1 ? m.slice(1).map((x) => x ?? '') : m[0])),
    split: (a) => s(a[1]).split(s(a[0])),
    join: (a) => a.slice(1).flatMap((l) => list(l)).map((x) => s(x)).join(s(a[0])),
    format: (a) => format(s(a[0]), a.slice(1)),
    formatlist: (a) => {
      const lists = a.slice(1).filter(Array.isArray) as (readonly Value[])[];
      const len = lists[0]?.length ?? 1;
      return Array.from({ length: len }, (_, i) => format(s(a[0]), a.slice(1).map((x) => (Array.isArray(x) ? (x[i] as Value) : x))));
    },
    indent: (a) => s(a[1]).replace(/\n/g, `\n${' '.repeat(n(a[0]))}`),
    sanitize: (a) => s(a[0]).replace(/[^a-zA-Z0-9_-]/g, '_'),
    urlencode: (a) => encodeURIComponent(s(a[0])),
    jsonencode: (a) => JSON.stringify(a[0] ?? null),
    jsondecode: (a) => JSON.parse(s(a[0])) as Value,
    // numbers
    add: (a) => n(a[0]) + n(a[1]),
    subtract: (a) => n(a[0]) - n(a[1]),
    multiply: (a) => n(a[0]) * n(a[1]),
    divide: (a) => n(a[0]) / n(a[1]),
    modulo: (a) => n(a[0]) % n(a[1]),
    negate: (a) => -n(a[0]),
    abs: (a) => Math.abs(n(a[0])),
    ceil: (a) => Math.ceil(n(a[0])),
    floor: (a) => Math.floor(n(a[0])),
    max: (a) => Math.max(...a.map(n)),
    min: (a) => Math.min(...a.map(n)),
    pow: (a) => n(a[0]) ** n(a[1]),
    signum: (a) => Math.sign(n(a[0])),
    int: (a) => Math.trunc(n(a[0])),
    parseint: (a) => {
      const v = parseInt(s(a[0]), n(a[1]));
      if (Number.isNaN(v)) throw new Error(`cannot parse ${JSON.stringify(a[0])} as a base ${n(a[1])} integer`);
      return v;
    },
    // logic
    and: (a) => a.every(bool),
    or: (a) => a.some(bool),
    not: (a) => !bool(a[0]),
    equal: (a) => equal(a[0] ?? null, a[1] ?? null),
    notequal: (a) => !equal(a[0] ?? null, a[1] ?? null),
    greaterthan: (a) => n(a[0]) > n(a[1]),
    greaterthanorequalto: (a) => n(a[0]) >= n(a[1]),
    lessthan: (a) => n(a[0]) < n(a[1]),
    lessthanorequalto: (a) => n(a[0]) <= n(a[1]),
    coalesce: (a) => {
      const v = a.find((x) => x !== null && x !== '');
      if (v === undefined) throw new Error('no non-null, non-empty-string arguments');
      return v;
    },
    // collections
    length: (a) => (typeof a[0] === 'string' ? [...a[0]].length : Array.isArray(a[0]) ? a[0].length : Object.keys(obj(a[0])).length),
    concat: (a) => a.flatMap((l) => [...list(l)]),
    coalescelist: (a) => a.find((l) => Array.isArray(l) && l.length > 0) ?? [],
    compact: (a) => list(a[0]).filter((x) => x !== null && x !== ''),
    contains: (a) => list(a[0]).some((x) => equal(x, a[1] ?? null)),
    distinct: (a) => list(a[0]).filter((x, i, all) => all.findIndex((y) => equal(x, y)) === i),
    element: (a) => {
      const l = list(a[0]);
      if (!l.length) throw new Error('cannot use element function with an empty list');
      return l[((n(a[1]) % l.length) + l.length) % l.length] as Value;
    },
    flatten: (a) => {
      const flat = (l: readonly Value[]): Value[] => l.flatMap((x) => (Array.isArray(x) ? flat(x) : [x]));
      return flat(list(a[0]));
    },
    index: (a) => {
      const i = list(a[0]).findIndex((x) => equal(x, a[1] ?? null));
      if (i < 0) throw new Error('item not found');
      return i;
    },
    indexof: (a) => list(a[0]).findIndex((x) => equal(x, a[1] ?? null)),
    keys: (a) => Object.keys(obj(a[0])).sort(),
    values: (a) => Object.keys(obj(a[0])).sort().map((k) => obj(a[0])[k] as Value),
    lookup: (a) => {
      const o = obj(a[0]);
      const k = s(a[1]);
      if (k in o) return o[k] as Value;
      if (a.length > 2) return a[2] as Value;
      throw new Error(`the given key "${k}" does not exist`);
    },
    merge: (a) => Object.assign({}, ...a.filter((x) => x !== null).map(obj)) as Value,
    range: (a) => {
      const [start, end, step] = a.length === 1 ? [0, n(a[0]), 1] : [n(a[0]), n(a[1]), a.length > 2 ? n(a[2]) : 1];
      const out: number[] = [];
      for (let i = start; step > 0 ? i < end : i > end; i += step) out.push(i);
      return out;
    },
    reverse: (a) => (typeof a[0] === 'string' ? [...a[0]].reverse().join('') : [...list(a[0])].reverse()),
    reverselist: (a) => [...list(a[0])].reverse(),
    slice: (a) => list(a[0]).slice(n(a[1]), n(a[2])),
    sort: (a) => list(a[0]).map((x) => s(x)).sort(),
    zipmap: (a) => Object.fromEntries(list(a[0]).map((k, i) => [s(k), list(a[1])[i] ?? null])),
    chunklist: (a) => {
      const l = list(a[0]);
      const size = n(a[1]);
      if (size <= 0) return [l];
      return Array.from({ length: Math.ceil(l.length / size) }, (_, i) => l.slice(i * size, i * size + size));
    },
    hasindex: (a) => (Array.isArray(a[0]) ? n(a[1]) >= 0 && n(a[1]) < a[0].length : s(a[1]) in obj(a[0])),
    // host facts, injected so the core stays free of clock and environment
    timestamp: () => host.now,
    homedir: () => host.homedir,
    basename: (a) => s(a[0]).replace(/\/+$/, '').split('/').pop() ?? '',
    dirname: (a) => {
      const p = s(a[0]).replace(/\/+$/, '');
      const i = p.lastIndexOf('/');
      return i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i);
    },
  };
  return new Map(Object.entries(fns));
}
