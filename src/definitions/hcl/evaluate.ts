/** Evaluates HCL expressions to plain values, with HCL's rules for types, templates and operators. */
import type { Expr, Pos, Value } from './ast.js';
import { assertNever } from '../../lang/assert-never.js';
import { errorMessage } from '../../lang/error-code.js';

export class HclEvalError extends Error {
  constructor(message: string, readonly pos: Pos) {
    super(message);
    this.name = 'HclEvalError';
  }
}

export type HclFunction = (args: readonly Value[]) => Value;

export interface Scope {
  /** A variable's value; undefined when there is none of that name. */
  readonly lookup: (name: string) => Value | undefined;
  readonly functions: ReadonlyMap<string, HclFunction>;
}

export function evaluate(e: Expr, scope: Scope): Value {
  switch (e.k) {
    case 'literal':
      return e.value;
    case 'template':
      return e.parts.map((p) => (typeof p === 'string' ? p : templateText(evaluate(p, scope), p.pos))).join('');
    case 'variable': {
      const v = scope.lookup(e.name);
      if (v === undefined) throw new HclEvalError(`Unknown variable; There is no variable named "${e.name}".`, e.pos);
      return v;
    }
    case 'attr':
      return attribute(evaluate(e.of, scope), e.name, e.pos);
    case 'index':
      return index(evaluate(e.of, scope), evaluate(e.key, scope), e.pos);
    case 'call':
      return call(e, scope);
    case 'tuple':
      return e.items.map((i) => evaluate(i, scope));
    case 'object':
      return Object.fromEntries(e.items.map(({ key, value }) => [templateText(evaluate(key, scope), key.pos), evaluate(value, scope)]));
    case 'unary': {
      const v = evaluate(e.of, scope);
      return e.op === '!' ? !toBool(v, e.pos) : -toNumber(v, e.pos);
    }
    case 'binary':
      return binary(e, scope);
    case 'conditional':
      return toBool(evaluate(e.test, scope), e.pos) ? evaluate(e.then, scope) : evaluate(e.else, scope);
    case 'for':
      return forExpr(e, scope);
    default:
      return assertNever(e);
  }
}

/** A value in a template or as an object key: strings, numbers and bools only. */
export function templateText(v: Value, pos: Pos): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) throw new HclEvalError('Invalid template interpolation value; The expression result is null.', pos);
  throw new HclEvalError('Invalid template interpolation value; Cannot include a list or object in a string template.', pos);
}

function attribute(v: Value, name: string, pos: Pos): Value {
  if (isObject(v) && name in v) return v[name] as Value;
  throw new HclEvalError(`Unsupported attribute; This value does not have an attribute named "${name}".`, pos);
}

function index(v: Value, key: Value, pos: Pos): Value {
  if (Array.isArray(v)) {
    const n = toNumber(key, pos);
    if (n >= 0 && n < v.length) return v[n] as Value;
    throw new HclEvalError(`Invalid index; The given key does not identify an element in this collection value.`, pos);
  }
  if (isObject(v)) return attribute(v, templateText(key, pos), pos);
  throw new HclEvalError('Invalid index; This value does not have any indices.', pos);
}

function call(e: Extract<Expr, { k: 'call' }>, scope: Scope): Value {
  // try and can see errors of their arguments, so they evaluate them themselves.
  if (e.name === 'try' || e.name === 'can') {
    for (const a of e.args) {
      try {
        const v = evaluate(a, scope);
        if (e.name === 'can') return true;
        return v;
      } catch (err) {
        if (!(err instanceof HclEvalError)) throw err;
        if (e.name === 'can') return false;
      }
    }
    throw new HclEvalError('Error in function call; no expression given to try succeeded.', e.pos);
  }
  const fn = scope.functions.get(e.name);
  if (!fn) throw new HclEvalError(`Call to unknown function; There is no function named "${e.name}".`, e.pos);
  let args = e.args.map((a) => evaluate(a, scope));
  if (e.expandLast) {
    const last = args[args.length - 1];
    if (!Array.isArray(last)) throw new HclEvalError('Invalid expanding argument value; The expanding argument (indicated by ...) must be a list.', e.pos);
    args = [...args.slice(0, -1), ...last];
  }
  try {
    return fn(args);
  } catch (err) {
    if (err instanceof HclEvalError) throw err;
    throw new HclEvalError(`Error in function call; Call to function "${e.name}" failed: ${errorMessage(err)}.`, e.pos);
  }
}

function binary(e: Extract<Expr, { k: 'binary' }>, scope: Scope): Value {
  const l = evaluate(e.left, scope);
  if (e.op === '&&' || e.op === '||') {
    const lb = toBool(l, e.pos);
    if (e.op === '&&' ? !lb : lb) return lb;
    return toBool(evaluate(e.right, scope), e.pos);
  }
  const r = evaluate(e.right, scope);
  switch (e.op) {
    case '==':
      return equal(l, r);
    case '!=':
      return !equal(l, r);
    case '<':
      return toNumber(l, e.pos) < toNumber(r, e.pos);
    case '>':
      return toNumber(l, e.pos) > toNumber(r, e.pos);
    case '<=':
      return toNumber(l, e.pos) <= toNumber(r, e.pos);
    case '>=':
      return toNumber(l, e.pos) >= toNumber(r, e.pos);
    case '+':
      return toNumber(l, e.pos) + toNumber(r, e.pos);
    case '-':
      return toNumber(l, e.pos) - toNumber(r, e.pos);
    case '*':
      return toNumber(l, e.pos) * toNumber(r, e.pos);
    case '/':
      return toNumber(l, e.pos) / toNumber(r, e.pos);
    case '%':
      return toNumber(l, e.pos) % toNumber(r, e.pos);
    default:
      return assertNever(e.op);
  }
}

function forExpr(e: Extract<Expr, { k: 'for' }>, outer: Scope): Value {
  const coll = evaluate(e.collection, outer);
  const entries: [Value, Value][] = Array.isArray(coll) ? coll.map((v, i) => [i, v]) : isObject(coll) ? Object.entries(coll) : [];
  if (!Array.isArray(coll) && !isObject(coll)) throw new HclEvalError('Iteration over non-iterable value; A value of type list, set, map or object is required.', e.pos);
  const tuple: Value[] = [];
  const object: Record<string, Value> = {};
  for (const [k, v] of entries) {
    const scope: Scope = { functions: outer.functions, lookup: (n) => (n === e.valueVar ? v : n === e.keyVar ? k : outer.lookup(n)) };
    if (e.filter && !toBool(evaluate(e.filter, scope), e.pos)) continue;
    const value = evaluate(e.value, scope);
    if (e.into === 'tuple') tuple.push(value);
    else {
      const key = templateText(evaluate(e.key as Expr, scope), e.pos);
      if (e.group) object[key] = [...((object[key] as Value[] | undefined) ?? []), value];
      else object[key] = value;
    }
  }
  return e.into === 'tuple' ? tuple : object;
}

export function isObject(v: Value): v is { readonly [k: string]: Value } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function equal(a: Value, b: Value): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i] as Value));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && equal(a[k] as Value, b[k] as Value));
  }
  return a === b;
}

/** HCL converts "true"/"false" strings to bool where a bool is needed. */
export function toBool(v: Value, pos: Pos): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new HclEvalError(`Invalid value; a bool is required, got ${typeName(v)}.`, pos);
}

/** HCL converts numeric strings to numbers where a number is needed. */
export function toNumber(v: Value, pos: Pos): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  throw new HclEvalError(`Invalid value; a number is required, got ${typeName(v)}.`, pos);
}

export function typeName(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'tuple';
  return typeof v === 'object' ? 'object' : typeof v;
}
