/**
 * A build as a project defines it (compose service, bake target, CI step):
 * what `docker build` it stands for, and where it was written. Paths are
 * absolute POSIX paths; the loaders resolve them as the real tool does.
 */
import { assertNever } from '../lang/assert-never.js';

/** A file's text, as the edge read it. */
export interface SourceText {
  readonly path: string;
  readonly text: string;
}

/** Where a build's files come from. */
export type ContextSource =
  | { readonly kind: 'local'; readonly path: string }
  /** https:// or git URL: the builder fetches it, so no local plan sees its files. */
  | { readonly kind: 'remote'; readonly url: string }
  | { readonly kind: 'image'; readonly ref: string }
  /** Another definition's result (bake `target:NAME`, compose `service:NAME`). */
  | { readonly kind: 'definition'; readonly name: string };

export type DockerfileSource =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'inline'; readonly text: string };

export type DefinitionOrigin =
  | { readonly kind: 'compose'; readonly file: string; readonly service: string }
  | { readonly kind: 'bake'; readonly file: string; readonly target: string }
  | { readonly kind: 'workflow'; readonly file: string; readonly job: string; readonly step: string; readonly line: number };

/** A setting layerplan could not know without running the tool (a `${{ }}` expression in a workflow). */
export interface Unresolved {
  readonly field: string;
  readonly value: string;
}

export interface BuildDefinition {
  /** Service, bake target or workflow step name. */
  readonly name: string;
  readonly origin: DefinitionOrigin;
  readonly context: ContextSource;
  readonly dockerfile: DockerfileSource;
  readonly target: string | null;
  readonly args: ReadonlyMap<string, string>;
  readonly namedContexts: ReadonlyMap<string, ContextSource>;
  readonly platforms: readonly string[];
  readonly noCache: boolean;
  readonly network: string | null;
  readonly secrets: readonly string[];
  readonly ssh: readonly string[];
  readonly unresolved: readonly Unresolved[];
}

export type DefinitionProblem =
  | { readonly kind: 'syntax'; readonly file: string; readonly line: number; readonly column: number; readonly message: string }
  | { readonly kind: 'missing-variable'; readonly file: string; readonly variable: string; readonly message: string }
  | { readonly kind: 'invalid'; readonly file: string; readonly line: number | null; readonly column?: number; readonly message: string }
  | { readonly kind: 'unknown-name'; readonly file: string; readonly name: string; readonly known: readonly string[] };

/** Something the tool itself only warns about (Compose: an unset variable defaults to ""). */
export type DefinitionWarning = { readonly kind: 'unset-variable'; readonly file: string; readonly variable: string };

export type DefinitionsResult =
  | { readonly ok: true; readonly definitions: readonly BuildDefinition[]; readonly warnings: readonly DefinitionWarning[] }
  | { readonly ok: false; readonly problem: DefinitionProblem };

/** Thrown inside a reader, caught at its entry point: nothing is planned from a half-read file. */
export class DefinitionFailure extends Error {
  constructor(readonly problem: DefinitionProblem) {
    super(problemText(problem));
    this.name = 'DefinitionFailure';
  }
}

export function fail(problem: DefinitionProblem): never {
  throw new DefinitionFailure(problem);
}

/** Runs a reader, turning a DefinitionFailure into a result. */
export function settle(read: (warn: (w: DefinitionWarning) => void) => readonly BuildDefinition[]): DefinitionsResult {
  const warnings: DefinitionWarning[] = [];
  try {
    return { ok: true, definitions: read((w) => warnings.push(w)), warnings };
  } catch (err) {
    if (err instanceof DefinitionFailure) return { ok: false, problem: err.problem };
    throw err;
  }
}

/** The one-line text of a problem, file:line:column first where known. */
export function problemText(p: DefinitionProblem): string {
  switch (p.kind) {
    case 'syntax':
      return `${p.file}:${p.line}:${p.column}: ${p.message}`;
    case 'missing-variable':
      return `${p.file}: ${p.message}`;
    case 'invalid':
      return `${p.file}${p.line === null ? '' : `:${p.line}`}${p.column === undefined ? '' : `:${p.column}`}: ${p.message}`;
    case 'unknown-name':
      return `${p.file}: no service, target or group "${p.name}" (defined: ${p.known.join(', ') || 'none'})`;
    default:
      return assertNever(p);
  }
}
