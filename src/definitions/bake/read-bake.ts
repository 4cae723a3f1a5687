/**
 * Bake files → one build definition per target of the requested groups
 * (default: `default`), as `docker buildx bake --print` reads them:
 * variables from their defaults or the environment, targets with what they
 * `inherits`, matrices expanded, compose services as targets. Paths are
 * relative to the folder bake runs in (`workdir`), as buildx resolves them.
 */
import { readCompose } from '../compose/read-compose.js';
import { dockerfileIn, toContextSource } from '../context-source.js';
import type { Value } from '../hcl/ast.js';
import { evaluate, HclEvalError, isObject, templateText, type HclFunction, type Scope } from '../hcl/evaluate.js';
import { hclFunctions, type HostFacts } from '../hcl/functions.js';
import { HclSyntaxError } from '../hcl/parse-hcl.js';
import { fail, settle, type BuildDefinition, type ContextSource, type DefinitionsResult, type SourceText } from '../types.js';
import { addHclFile, addJsonFile, emptyModel, type BakeModel, type Located } from './bake-model.js';

export interface BakeInput {
  /** In precedence order: buildx's default list, or the `-f` files. */
  readonly files: readonly SourceText[];
  readonly workdir: string;
  readonly env: ReadonlyMap<string, string>;
  /** Targets or groups to build; none: `default`. */
  readonly targets: readonly string[];
  readonly host: HostFacts;
  readonly readText: (path: string) => string | null;
}

type Attrs = Record<string, Value>;

/** Maps that inherit key by key; every other attribute is replaced whole (buildx Target.Merge). */
const MERGED_MAPS = new Set(['args', 'contexts', 'labels', 'annotations']);

export function readBake(input: BakeInput): DefinitionsResult {
  return settle((warn) => {
    const model = emptyModel();
    const composeFiles = input.files.filter((f) => isComposeName(f.path));
    for (const f of input.files) {
      if (isComposeName(f.path)) continue;
      if (f.path.endsWith('.json')) withSyntax(f.path, () => addJsonFile(model, f));
      else addHclFile(model, f);
    }
    // bake builds every service of a compose file, whatever its profiles (bake --print lists them all).
    const compose = composeFiles.length ? readCompose({ files: composeFiles, env: input.env, profiles: ['*'], readText: input.readText }) : null;
    if (compose && !compose.ok) fail(compose.problem);
    compose?.warnings.forEach(warn);
    const bake = new Bake(model, input, new Map((compose?.ok ? compose.definitions : []).map((d) => [d.name, d])));
    return bake.definitions(input.targets.length ? input.targets : ['default']);
  });
}

function isComposeName(p: string): boolean {
  return /\.ya?ml$/.test(p);
}

function withSyntax(file: string, f: () => void): void {
  try {
    f();
  } catch (err) {
    if (err instanceof HclSyntaxError) fail({ kind: 'syntax', file, line: err.pos.line, column: err.pos.column, message: err.message });
    throw err;
  }
}

class Bake {
  private readonly values = new Map<string, Value>();
  private readonly resolving = new Set<string>();
  private readonly functions: Map<string, HclFunction>;
  private readonly global: Scope;

  constructor(private readonly model: BakeModel, private readonly input: BakeInput, private readonly compose: ReadonlyMap<string, BuildDefinition>) {
    this.functions = new Map(hclFunctions(input.host));
    this.global = { functions: this.functions, lookup: (n) => this.lookup(n) };
    for (const [name, fn] of model.functions) {
      this.functions.set(name, (args) => {
        const bound = new Map<string, Value>(fn.params.map((p, i) => [p, args[i] ?? null]));
        if (fn.variadic) bound.set(fn.variadic, args.slice(fn.params.length));
        return this.eval(fn.result, { functions: this.functions, lookup: (n) => (bound.has(n) ? bound.get(n) : this.lookup(n)) });
      });
    }
  }

  private eval(l: Located, scope: Scope = this.global): Value {
    try {
      return evaluate(l.expr, scope);
    } catch (err) {
      if (err instanceof HclEvalError) fail({ kind: 'invalid', file: l.file, line: err.pos.line, column: err.pos.column, message: err.message });
      throw err;
    }
  }

  private lookup(name: string): Value | undefined {
    if (name === 'target') return this.targetObject();
    if (this.values.has(name)) return this.values.get(name);
    const variable = this.model.variables.get(name);
    const attribute = this.model.attributes.get(name);
    if (!variable && !attribute) return undefined;
    if (this.resolving.has(name)) fail({ kind: 'invalid', file: (variable?.default ?? attribute)?.file ?? '', line: null, message: `variable "${name}" refers to itself` });
    this.resolving.add(name);
    const value = variable ? this.variable(name, variable.default) : this.eval(attribute as Located);
    this.resolving.delete(name);
    this.values.set(name, value);
    return value;
  }

  /** The environment overrides a variable's default, converted to the default's type (buildx: bool and number). */
  private variable(name: string, def: Located | null): Value {
    const base = def ? this.eval(def) : null;
    const env = this.input.env.get(name);
    if (env === undefined) return base;
    if (typeof base === 'boolean') {
      if (/^(1|t|T|TRUE|true|True)$/.test(env)) return true;
      if (/^(0|f|F|FALSE|false|False)$/.test(env)) return false;
      fail({ kind: 'invalid', file: def?.file ?? '', line: null, message: `failed to parse ${name} as bool: ${JSON.stringify(env)}` });
    }
    if (typeof base === 'number') {
      if (!Number.isFinite(Number(env)) || env.trim() === '') fail({ kind: 'invalid', file: def?.file ?? '', line: null, message: `failed to parse ${name} as number: ${JSON.stringify(env)}` });
      return Number(env);
    }
    return env;
  }

  /** `target.NAME.ATTR` in an expression: another target's own attributes, evaluated when read. */
  private targetObject(): Value {
    const out: Record<string, Value> = {};
    for (const name of this.model.targets.keys()) Object.defineProperty(out, name, { enumerable: true, get: () => this.ownAttrs(name, this.global) });
    return out;
  }

  private ownAttrs(name: string, scope: Scope): Attrs {
    const block = this.model.targets.get(name);
    if (!block) return {};
    return Object.fromEntries([...block.attrs].filter(([k]) => k !== 'matrix' && k !== 'name').map(([k, l]) => [k, this.eval(l, scope)]));
  }

  /** The target's attributes with those it inherits under them; a compose service of that name under both. */
  private resolved(name: string, scope: Scope, chain: readonly string[]): Attrs {
    if (chain.includes(name)) fail({ kind: 'invalid', file: this.model.targets.get(name)?.file ?? '', line: null, message: `target "${name}" inherits from itself (${[...chain, name].join(' → ')})` });
    const own = this.ownAttrs(name, scope);
    const parents = Array.isArray(own.inherits) ? own.inherits.map((p) => templateText(p, { line: 0, column: 0 })) : [];
    for (const p of parents) if (!this.model.targets.has(p) && !this.compose.has(p)) this.unknown(p);
    const bases = parents.map((p) => this.resolved(p, this.global, [...chain, name]));
    const composeBase = this.compose.get(name);
    return [composeBase ? composeAttrs(composeBase) : {}, ...bases, own].reduce(mergeAttrs, {});
  }

  private unknown(name: string): never {
    const file = this.input.files[this.input.files.length - 1]?.path ?? '';
    fail({ kind: 'unknown-name', file, name, known: [...new Set([...this.model.groups.keys(), ...this.model.targets.keys(), ...this.compose.keys()])].sort() });
  }

  /** Names requested → target names, groups expanded in order, each once. */
  private targetNames(names: readonly string[], seen: Set<string>): string[] {
    return names.flatMap((name) => {
      if (seen.has(name)) return [];
      seen.add(name);
      const group = this.model.groups.get(name);
      if (group) {
        const listed = group.attrs.get('targets');
        const value = listed ? this.eval(listed) : [];
        const members = Array.isArray(value) ? value.map((v) => templateText(v, listed?.expr.pos ?? { line: 0, column: 0 })) : [];
        return this.targetNames(name === 'default' && this.compose.size ? [...members, ...this.compose.keys()] : members, seen);
      }
      if (this.model.targets.has(name) || this.compose.has(name)) return [name];
      // Compose files as bake files: their services form the default group.
      if (name === 'default' && this.compose.size) return this.targetNames([...this.compose.keys()], seen);
      return this.unknown(name);
    });
  }

  definitions(requested: readonly string[]): BuildDefinition[] {
    return this.targetNames(requested, new Set()).flatMap((name) => this.expand(name).map(({ label, scope }) => this.toDefinition(label, name, this.resolved(name, scope, []))));
  }

  /** A target with a `matrix` is one target per combination, named by its `name` attribute. */
  private expand(name: string): { label: string; scope: Scope }[] {
    const block = this.model.targets.get(name);
    const matrix = block?.attrs.get('matrix');
    if (!block || !matrix) return [{ label: name, scope: this.global }];
    const axes = this.eval(matrix);
    if (!isObject(axes)) fail({ kind: 'invalid', file: matrix.file, line: matrix.expr.pos.line, message: `target "${name}": matrix must be an object of lists` });
    const combos = Object.entries(axes).reduce<Record<string, Value>[]>((acc, [k, vs]) => acc.flatMap((c) => (Array.isArray(vs) ? vs : [vs]).map((v) => ({ ...c, [k]: v }))), [{}]);
    const nameAttr = block.attrs.get('name');
    if (!nameAttr) fail({ kind: 'invalid', file: matrix.file, line: matrix.expr.pos.line, message: `target "${name}" has a matrix but no name attribute` });
    return combos.map((combo) => {
      const scope: Scope = { functions: this.functions, lookup: (n) => (n in combo ? combo[n] : this.lookup(n)) };
      return { label: templateText(this.eval(nameAttr, scope), nameAttr.expr.pos), scope };
    });
  }

  private toDefinition(label: string, name: string, a: Attrs): BuildDefinition {
    const dir = this.input.workdir;
    const file = this.model.targets.get(name)?.file ?? (this.compose.get(name)?.origin.file as string);
    const context = toContextSource(text(a.context) ?? '.', dir, null);
    const inline = text(a['dockerfile-inline']);
    return {
      name: label,
      origin: { kind: 'bake', file, target: label },
      context,
      dockerfile: inline !== null ? { kind: 'inline', text: inline } : { kind: 'file', path: dockerfileIn(context, text(a.dockerfile) ?? 'Dockerfile') },
      target: text(a.target),
      args: new Map(entries(a.args).flatMap(([k, v]): [string, string][] => (v === null ? [] : [[k, scalar(v)]]))),
      namedContexts: new Map(entries(a.contexts).flatMap(([k, v]): [string, ContextSource][] => (v === null ? [] : [[k, toContextSource(scalar(v), dir, 'target:')]]))),
      platforms: strings(a.platforms),
      noCache: a['no-cache'] === true || a['no-cache'] === 'true',
      network: text(a.network),
      secrets: strings(a.secret),
      ssh: strings(a.ssh),
      unresolved: [],
    };
  }
}

function mergeAttrs(base: Attrs, over: Attrs): Attrs {
  const out: Attrs = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = base[k];
    out[k] = MERGED_MAPS.has(k) && isObject(v) && b !== undefined && isObject(b) ? { ...b, ...v } : v;
  }
  return out;
}

/** A compose service as bake attributes (its paths already absolute). */
function composeAttrs(d: BuildDefinition): Attrs {
  const source = (c: ContextSource): string => (c.kind === 'local' ? c.path : c.kind === 'remote' ? c.url : c.kind === 'image' ? `docker-image://${c.ref}` : `target:${c.name}`);
  return {
    context: source(d.context),
    ...(d.dockerfile.kind === 'file' ? { dockerfile: d.dockerfile.path } : { 'dockerfile-inline': d.dockerfile.text }),
    ...(d.target ? { target: d.target } : {}),
    args: Object.fromEntries(d.args),
    contexts: Object.fromEntries([...d.namedContexts].map(([k, c]) => [k, source(c)])),
    platforms: [...d.platforms],
    'no-cache': d.noCache,
    ...(d.network ? { network: d.network } : {}),
  };
}

function text(v: Value | undefined): string | null {
  return v === undefined || v === null ? null : scalar(v);
}

function scalar(v: Value): string {
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

function entries(v: Value | undefined): [string, Value][] {
  return v !== undefined && isObject(v) ? Object.entries(v) : [];
}

function strings(v: Value | undefined): string[] {
  return Array.isArray(v) ? v.filter((x) => x !== null).map(scalar) : typeof v === 'string' ? [v] : [];
}
