/** `layerplan fix`: rewrite Dockerfiles so dependency installs stay cached, as a diff or in place. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixRepo } from '../../app/fix.js';
import { unifiedDiff } from '../../views/findings-diff.js';
import type { Command, CommandIO } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { readTextOrNull } from '../flags.js';
import { parseReportArgs } from './check.js';

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
  const result = fixRepo(opts.check, !values['no-ignore'], readTextOrNull);
  for (const s of result.skipped) io.stderr.write(`layerplan: ${s.dockerfile}: ${s.why}\n`);
  for (const change of result.patches.flat()) {
    if (values.write) {
      writeFileSync(path.join(result.root, change.file), change.after);
      io.stderr.write(`layerplan: rewrote ${change.file}\n`);
    } else io.stdout.write(unifiedDiff(change.file, change.before, change.after));
  }
  if (!result.patches.length) {
    io.stderr.write(result.skipped.length
      ? `layerplan: nothing rewritten: ${result.skipped.length === 1 ? 'the install order above needs' : 'the install orders above need'} a change by hand\n`
      : 'layerplan: nothing to fix: no broad COPY before a dependency install\n');
  }
  return EXIT.ok;
}

export const command: Command = { name: 'fix', summary: 'Rewrite a Dockerfile so dependency installs stay cached (prints a diff; --write applies)', help: HELP, run };
