/**
 * The `fix` use case: per Dockerfile where a broad COPY comes before a
 * dependency install, the Dockerfile rewritten to install first and the
 * .dockerignore lines that keep unneeded files out of the context. Returns
 * the changes as file contents (before, after); the caller prints or writes them.
 */
import path from 'node:path';
import { fixInstallOrder } from '../rules/fix-install-order.js';
import { ignoreSuggestions } from '../rules/ignore-suggestions.js';
import { platformArgs } from './platform.js';
import { prepare } from './prepare.js';
import { lintInputs } from './lint-inputs.js';
import type { CheckOptions } from './repo-targets.js';

export interface FileChange {
  /** Relative to the repository root. */
  readonly file: string;
  readonly before: string;
  readonly after: string;
}

export interface FixResult {
  readonly root: string;
  /** One entry per rewritten Dockerfile: its change, then its ignore file's. */
  readonly patches: readonly (readonly FileChange[])[];
  /** Why a stage was left alone, per Dockerfile. */
  readonly skipped: readonly { readonly dockerfile: string; readonly why: string }[];
}

export function fixRepo(opts: CheckOptions, withIgnore: boolean, readText: (abs: string) => string | null): FixResult {
  const { setup, inputs } = lintInputs(opts, readText);
  const patches: FileChange[][] = [];
  const skipped: { dockerfile: string; why: string }[] = [];
  /**
   * Ignore files already changed, by path: Dockerfiles of one context share their .dockerignore, and a second
   * change of it written from the same `before` would be a second hunk `git apply` refuses (seen with
   * awesome-compose's react-java-mysql/frontend: Dockerfile and Dockerfile.production).
   */
  const ignoreChanges = new Map<string, { file: string; before: string; after: string }>();
  // A Dockerfile several definitions build is one file to rewrite: fix it once.
  const once = inputs.filter((x, i) => inputs.findIndex((y) => y.target.dockerfile === x.target.dockerfile) === i);
  for (const { target, text, facts } of once) {
    const prepared = prepare(text, { buildArgs: new Map(), target: null, platformArgs: platformArgs(opts.arch) });
    if (!prepared.ok) continue;
    const fixed = fixInstallOrder(text, prepared.dockerfile.steps, facts);
    skipped.push(...fixed.skipped.map((why) => ({ dockerfile: target.dockerfile, why })));
    if (!fixed.changed) continue;
    const files: FileChange[] = [{ file: target.dockerfile, before: text, after: fixed.text }];
    const ignoreLines = withIgnore ? ignoreSuggestions(facts) : [];
    if (ignoreLines.length) {
      const ignoreRel = path.posix.join(target.context, facts.snapshot.ignoreFile ?? '.dockerignore');
      const earlier = ignoreChanges.get(ignoreRel);
      if (earlier) earlier.after = withLines(earlier.after, ignoreLines);
      else {
        const before = readText(path.join(setup.root, ignoreRel)) ?? '';
        const change = { file: ignoreRel, before, after: withLines(before, ignoreLines) };
        ignoreChanges.set(ignoreRel, change);
        files.push(change);
      }
    }
    patches.push(files);
  }
  return { root: setup.root, patches, skipped };
}

/** `text` with the lines it lacks appended, one per line. */
function withLines(text: string, lines: readonly string[]): string {
  const have = new Set(text.split('\n').map((l) => l.trim()));
  const missing = lines.filter((l) => !have.has(l));
  if (!missing.length) return text;
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  return `${text}${sep}${missing.join('\n')}\n`;
}
