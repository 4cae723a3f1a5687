/**
 * Bake files (HCL, JSON) read into one model, as buildx merges them: files
 * in order, a later `target "x"` block's attributes replacing an earlier
 * one's, a later variable default replacing an earlier one.
 */
import type { Body, Expr, Value } from '../hcl/ast.js';
import { HclSyntaxError, parseHcl, parseTemplate } from '../hcl/parse-hcl.js';
import { fail, type SourceText } from '../types.js';
import { errorMessage } from '../../lang/error-code.js';

export interface Located {
  readonly expr: Expr;
  readonly file: string;
}

export interface BakeBlock {
  readonly attrs: Map<string, Located>;
  /** The last file that defined it, for the definition's origin. */
  file: string;
}

export interface UserFunction {
  readonly params: readonly string[];
  readonly variadic: string | null;
  readonly result: Located;
}

export interface BakeModel {
  readonly variables: Map<string, { default: Located | null }>;
  readonly attributes: Map<string, Located>;
  readonly functions: Map<string, UserFunction>;
  readonly targets: Map<string, BakeBlock>;
  readonly groups: Map<string, BakeBlock>;
}

export function emptyModel(): BakeModel {
  return { variables: new Map(), attributes: new Map(), functions: new Map(), targets: new Map(), groups: new Map() };
}

export function addHclFile(model: BakeModel, source: SourceText): void {
  let body: Body;
  try {
    body = parseHcl(source.text);
  } catch (err) {
    if (!(err instanceof HclSyntaxError)) throw err;
    fail({ kind: 'syntax', file: source.path, line: err.pos.line, column: err.pos.column, message: err.message });
  }
  addBody(model, body, source.path);
}

function addBody(model: BakeModel, body: Body, file: string): void {
  for (const a of body.attributes) model.attributes.set(a.name, { expr: a.expr, file });
  for (const b of body.blocks) {
    const name = b.labels[0];
    const where = { file, line: b.pos.line };
    if (b.type !== 'variable' && b.type !== 'target' && b.type !== 'group' && b.type !== 'function') continue;
    if (name === undefined || b.labels.length !== 1) fail({ kind: 'invalid', ...where, message: `a ${b.type} block takes one name: ${b.type} "NAME" { … }` });
    const attrs = new Map(b.body.attributes.map((a) => [a.name, { expr: a.expr, file }] as const));
    if (b.type === 'variable') model.variables.set(name, { default: attrs.get('default') ?? model.variables.get(name)?.default ?? null });
    else if (b.type === 'function') model.functions.set(name, userFunction(attrs, name, where));
    else mergeBlock(b.type === 'target' ? model.targets : model.groups, name, attrs, file);
  }
}

function mergeBlock(into: Map<string, BakeBlock>, name: string, attrs: Map<string, Located>, file: string): void {
  const block = into.get(name);
  if (!block) into.set(name, { attrs, file });
  else {
    for (const [k, v] of attrs) block.attrs.set(k, v);
    block.file = file;
  }
}

function userFunction(attrs: Map<string, Located>, name: string, where: { file: string; line: number }): UserFunction {
  const names = (k: string): string[] => {
    const e = attrs.get(k)?.expr;
    if (!e) return [];
    if (e.k !== 'tuple' || !e.items.every((i) => i.k === 'variable')) fail({ kind: 'invalid', ...where, message: `function "${name}": ${k} must be a list of names` });
    return e.items.map((i) => (i as Extract<Expr, { k: 'variable' }>).name);
  };
  const result = attrs.get('result');
  if (!result) fail({ kind: 'invalid', ...where, message: `function "${name}" has no result` });
  return { params: names('params'), variadic: names('variadic_params')[0] ?? null, result };
}

/** A docker-bake.json: HCL's JSON syntax, where strings are templates. */
export function addJsonFile(model: BakeModel, source: SourceText): void {
  let raw: unknown;
  try {
    raw = JSON.parse(source.text);
  } catch (err) {
    const at = Number(/position (\d+)/.exec(errorMessage(err))?.[1] ?? 0);
    const before = source.text.slice(0, at).split('\n');
    fail({ kind: 'syntax', file: source.path, line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1, message: errorMessage(err).replace(/ in JSON at position \d+.*$/, '') });
  }
  if (!isRecord(raw)) fail({ kind: 'invalid', file: source.path, line: 1, message: 'a bake JSON file must be an object' });
  const body: { attributes: Body['attributes'][number][]; blocks: Body['blocks'][number][] } = { attributes: [], blocks: [] };
  const pos = { line: 1, column: 1 };
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'variable' || key === 'target' || key === 'group' || key === 'function') {
      if (!isRecord(value)) fail({ kind: 'invalid', file: source.path, line: null, message: `"${key}" must be an object of named blocks` });
      for (const [name, block] of Object.entries(value)) {
        if (!isRecord(block)) fail({ kind: 'invalid', file: source.path, line: null, message: `${key} "${name}" must be an object` });
        body.blocks.push({ type: key, labels: [name], pos, body: { blocks: [], attributes: Object.entries(block).map(([k, v]) => ({ name: k, expr: jsonExpr(v, key === 'function' && k !== 'result'), pos })) } });
      }
    } else body.attributes.push({ name: key, expr: jsonExpr(value, false), pos });
  }
  addBody(model, body, source.path);
}

function jsonExpr(v: unknown, names: boolean): Expr {
  const pos = { line: 1, column: 1 };
  if (typeof v === 'string') return names ? { k: 'variable', name: v, pos } : parseTemplate(v);
  if (Array.isArray(v)) return { k: 'tuple', items: v.map((x) => jsonExpr(x, names)), pos };
  if (isRecord(v)) return { k: 'object', items: Object.entries(v).map(([k, x]) => ({ key: { k: 'literal', value: k, pos }, value: jsonExpr(x, false) })), pos };
  return { k: 'literal', value: v as Value, pos };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
