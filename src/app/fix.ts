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
      const before = readText(path.join(setup.root, ignoreRel)) ?? '';
      const sep = before === '' || before.endsWith('\n') ? '' : '\n';
      files.push({ file: ignoreRel, before, after: `${before}${sep}${ignoreLines.join('\n')}\n` });
    }
    patches.push(files);
  }
  return { root: setup.root, patches, skipped };
}
