// Does a rebuilt step's reason fit the edit that caused it? A file edit is `files-changed` naming that file, an
// arg change `env-changed` naming that arg, a Dockerfile edit a changed instruction/setting/env, the first build of
// a sequence `first-build` (and certain); `certain: false` only where a stage's output or a remote source decides.
import fs from 'node:fs';
import path from 'node:path';

export interface Reason { readonly kind: string; readonly [k: string]: unknown }
export interface JsonStep { readonly stage: string; readonly line: number; readonly instruction: string; readonly status: string; readonly certain: boolean; readonly reason: Reason | null }

export interface EditContext {
  readonly k: number;
  readonly dir: string;
  /** Paths the edits of this build wrote, deleted, touched or renamed. */
  readonly changed: ReadonlySet<string>;
  /**
   * Paths edited in this or any earlier build of the sequence: a step built on an older layer (its parent went back
   * to an earlier build's) is compared with that build, so an edit made since then is its cause.
   */
  readonly changedBefore: ReadonlySet<string>;
  readonly dockerfileEdited: boolean;
  readonly argsChanged: ReadonlySet<string>;
  readonly targetChanged: boolean;
  readonly plan: readonly JsonStep[];
  readonly uncertainCase: boolean;
  /** The build ran with --no-cache or --no-cache-filter. */
  readonly noCache: boolean;
  /** A --build-context of this build differs from the last build's. */
  readonly contextsChanged: boolean;
}

export function argChanges(before: Record<string, string>, after: Record<string, string>): Set<string> {
  return new Set([...Object.keys(before), ...Object.keys(after)].filter((n) => before[n] !== after[n]));
}

/** Why a rebuilt step's reason does not fit the edit, or null when it does. */
export function checkReason(s: JsonStep, e: EditContext): string | null {
  const r = s.reason;
  if (!r) return 'a rebuilt step without a reason';
  if (e.k === 0) {
    if (r.kind !== 'first-build') return 'the first build of a sequence must say first-build';
    return s.certain ? null : 'a first build is never uncertain';
  }
  if (!s.certain && !['stage-output', 'remote-source', 'parent-rebuilt'].includes(r.kind)) return 'uncertain without a rebuilt stage or a remote source';
  switch (r.kind) {
    case 'parent-rebuilt': {
      const parent = r.parent as { line: number };
      const p = e.plan.filter((x) => x.line === parent.line).find((x) => x.status === 'rebuilt');
      if (!p) return `names line ${parent.line} as rebuilt, which the plan does not rebuild`;
      if (!s.certain && p.certain) return 'uncertain although its parent is certainly rebuilt';
      return null;
    }
    case 'files-changed': {
      const named = [...(r.added as string[]), ...(r.removed as string[]), ...(r.modified as string[])];
      if (!named.length) return 'files-changed names no file';
      if (e.contextsChanged) return null;
      const touched = (set: ReadonlySet<string>): boolean => named.some((f) => [...set].some((c) => sameOrUnder(f, c) || sameOrUnder(realPath(e.dir, f), c)));
      const hit = touched(e.changed) || (olderParent(s, e.plan) && touched(e.changedBefore));
      return hit ? null : `names ${named.join(', ')}, none of which this build's edits (${[...e.changed].join(', ') || 'none'}) touched`;
    }
    case 'env-changed': {
      const names = (r.changes as { name: string; before: unknown; after: unknown }[]);
      if (names.some((c) => c.before === c.after)) return 'lists a variable whose value did not change';
      if (!names.length && !r.order) return 'env-changed with no change and no order';
      if (names.some((c) => e.argsChanged.has(c.name))) return null;
      return e.dockerfileEdited ? null : `names ${names.map((c) => c.name).join(', ')} but no build arg changed and the Dockerfile was not edited`;
    }
    case 'instruction-changed':
      if (r.before === r.after) return 'instruction-changed with before equal to after';
      return e.dockerfileEdited ? null : 'instruction-changed although the Dockerfile was not edited';
    case 'setting-changed':
      return e.dockerfileEdited || e.argsChanged.size ? null : 'setting-changed although neither the Dockerfile nor an arg changed';
    case 'first-build':
      return e.dockerfileEdited || e.targetChanged || e.argsChanged.size || e.changed.size ? null : 'first-build on a repeat of an unchanged build';
    case 'stage-output':
      return null;
    case 'no-cache':
      return e.noCache ? null : 'no-cache on a build without --no-cache or --no-cache-filter';
    default:
      return null;
  }
}

/** Whether the step's parent in its stage is cached: it builds on a layer an earlier build made, maybe not the last one. */
function olderParent(s: JsonStep, plan: readonly JsonStep[]): boolean {
  const before = plan.filter((x) => x.stage === s.stage && x.line < s.line && (x.status === 'cached' || x.status === 'rebuilt'));
  return before[before.length - 1]?.status === 'cached';
}

/** A context path with symlinks followed, relative to the context (a COPY of a link names the link). */
function realPath(dir: string, p: string): string {
  try {
    return path.relative(fs.realpathSync(dir), fs.realpathSync(path.join(dir, p)));
  } catch {
    return p;
  }
}

/** `src/a.js` is under the edit `src`, and the edit `src/a.js` is under the named `src`. */
function sameOrUnder(named: string, edited: string): boolean {
  const n = named.replace(/^\.\//, '');
  const c = edited.replace(/^\.\//, '');
  return n === c || n.startsWith(`${c}/`) || c.startsWith(`${n}/`) || n.endsWith(`/${c}`) || n === '.' || c.endsWith(`/${n}`);
}
