/** `layerplan fix`: rewrite Dockerfiles so dependency installs stay cached, as a diff or in place. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { lintInputs } from '../../app/check.js';
import { buildStageGraph, evaluateStages } from '../../graph/index.js';
import { LimitExceeded } from '../../parse/index.js';
import { parseDockerfile } from '../../parse/index.js';
import { fixInstallOrder } from '../../rules/fix-install-order.js';
import { ignoreSuggestions } from '../../rules/ignore-suggestions.js';
import { unifiedDiff } from '../../views/findings-diff.js';
import type { Command, CommandIO } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { readTextOrNull } from '../flags.js';
import { asUserErrors, parseReportArgs } from './check.js';

const HELP = `Usage: layerplan fix [FILE...] [options]

For every Dockerfile of the repository (or the FILEs given) where a broad COPY
comes before a dependency install (LP101), prints as a unified diff the
Dockerfile rewritten to copy the dependency manifests and lockfiles first,
install, and then copy the rest; and the .dockerignore lines that keep docs
and tool folders from busting the cache. --write applies both.

The rewritten Dockerfile builds an image with the same files. A stage where a
step between the COPY and the install might read the sources is left alone
(the reason is printed). .dockerignore lines take those files out of the
context, so they are no longer in the image either: review them.

Options:
  -f, --file FILE        only this Dockerfile (repeatable; same as FILE)
      --context DIR      build context of the given files (default: each one's folder)
      --write            apply the changes instead of printing them
      --no-ignore        leave .dockerignore alone

Examples:
  layerplan fix                      show the diff
  layerplan fix -f Dockerfile --write
  layerplan fix | git apply          the same, through git
`;

async function run(argv: string[], io: CommandIO): Promise<number> {
  const { opts, values } = parseReportArgs(argv, io, 'lint', { write: { type: 'boolean', default: false }, 'no-ignore': { type: 'boolean', default: false } });
  const { setup, inputs } = await asUserErrors(() => lintInputs(opts.check, readTextOrNull));
  let patches = 0;
  for (const { target, text, facts } of inputs) {
    const parsed = parseDockerfile(text);
    const graph = buildStageGraph(parsed, { buildArgs: new Map(), target: null });
    if (parsed.problems.length || !graph.ok) continue;
    const steps = stepsOrNull(() => evaluateStages(graph.graph, { buildArgs: new Map(), platformArgs: new Map(), escape: parsed.directives.escape }));
    if (!steps) continue;
    const fixed = fixInstallOrder(text, steps, facts);
    for (const why of fixed.skipped) io.stderr.write(`layerplan: ${target.dockerfile}: ${why}\n`);
    if (!fixed.changed) continue;
    patches++;
    const files: [string, string, string][] = [[target.dockerfile, text, fixed.text]];
    const ignoreLines = values['no-ignore'] ? [] : ignoreSuggestions(facts);
    if (ignoreLines.length) {
      const ignoreRel = facts.snapshot.ignoreFile === null ? path.posix.join(target.context, '.dockerignore') : path.posix.join(target.context, facts.snapshot.ignoreFile);
      const before = readTextOrNull(path.join(setup.root, ignoreRel)) ?? '';
      const sep = before === '' || before.endsWith('\n') ? '' : '\n';
      files.push([ignoreRel, before, `${before}${sep}${ignoreLines.join('\n')}\n`]);
    }
    for (const [rel, before, after] of files) {
      if (values.write) {
        writeFileSync(path.join(setup.root, rel), after);
        io.stderr.write(`layerplan: rewrote ${rel}\n`);
      } else io.stdout.write(unifiedDiff(rel, before, after));
    }
  }
  if (!patches) io.stderr.write('layerplan: nothing to fix: no broad COPY before a dependency install\n');
  return EXIT.ok;
}

export const command: Command = { name: 'fix', summary: 'Rewrite a Dockerfile so dependency installs stay cached (prints a diff; --write applies)', help: HELP, run };

/** A Dockerfile past a limit (lint reports it) has nothing to fix. */
function stepsOrNull<T>(evaluate: () => T): T | null {
  try {
    return evaluate();
  } catch (err) {
    if (err instanceof LimitExceeded) return null;
    throw err;
  }
}
