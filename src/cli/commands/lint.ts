/** `layerplan lint`: the static cache rules over Dockerfiles, no diff needed. */
import path from 'node:path';
import { lintAny } from '../../app/lint.js';
import { CliError, usageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { Command, CommandIO } from '../command.js';
import { readTextOrNull } from '../flags.js';
import { emitReport, parseReportArgs } from './check.js';
import { RULES } from '../../rules/index.js';

const HELP = `Usage: layerplan lint [FILE...] [options]

Runs the static cache rules over every Dockerfile of the git repository (or
the FILEs given): the Dockerfile as it is on disk, its context as staged in
git, and the working tree's file modes. A FILE git does not track (outside
any repository, or outside this one) is linted with its context as it is on
disk; - reads one Dockerfile from stdin (its context: --context, else none,
and the rules that need one are skipped). Outside git with no FILE, every
Dockerfile under the current folder. Dockerfiles under vendor/ and
node_modules/ are skipped unless named.

Rules:
${RULES.filter((r) => !r.bust).map((r) => `  ${r.id}  ${r.summary}`).join('\n')}

Silence one instruction with a comment line above it: # layerplan ignore=LP301
(or # layerplan-ignore LP301); the whole file: # layerplan global ignore=LP301
Turn a rule off in .layerplan.json: { "rules": { "LP301": "off" } }

Options:
  -f, --file FILE        lint only this Dockerfile (repeatable; same as FILE)
      --context DIR      build context of the given files (default: each one's folder)
      --exclude PATTERN  skip Dockerfiles matching PATTERN (.dockerignore syntax; repeatable)
      --config FILE      config file (default: .layerplan.json at the repository root)
      --disable ID       turn a rule off (repeatable; --ignore ID is the same, as in hadolint)
      --fail-on LEVEL    exit 1 on: error (default), warning, info (any finding), never
      --failure-threshold LEVEL  hadolint's name: error, warning, info (style), none
      --no-fail          exit 0 whatever is found
      --format F         text (default), json, sarif, github (workflow annotations),
                         checkstyle (XML), gitlab (code quality report)
      --json             same as --format json
      --no-color         no colours

The report goes to stdout, errors to stderr.
Exit codes: 0 ok, 1 findings at the --fail-on level, 2 bad usage, 3 bad input
(a FILE that does not exist or is no regular file).

Examples:
  layerplan lint
  layerplan lint docker/api.Dockerfile --context .
  layerplan lint --format github --fail-on warning
  docker run --rm -i hadolint/hadolint < Dockerfile   # hadolint's form works too:
  layerplan lint - < Dockerfile
`;

async function run(argv: string[], io: CommandIO): Promise<number> {
  const { opts } = parseReportArgs(argv, io, 'lint');
  // A typo in CI must not pass as "0 Dockerfiles checked".
  const missing = opts.check.files.find((f) => readTextOrNull(f) === null);
  if (missing) throw new CliError(`cannot read ${path.relative(io.cwd, missing) || missing}: no such file, or not a regular file; check the path`, 'E_NO_DOCKERFILE', EXIT.input);
  const stdin = opts.stdin ? await readStdin(io) : null;
  const report = await lintAny(opts.check, stdin, readTextOrNull);
  return emitReport(report, opts, io);
}

async function readStdin(io: CommandIO): Promise<string> {
  if (io.stdin.isTTY) throw usageError('lint -: reads a Dockerfile from stdin; pipe one in (layerplan lint - < Dockerfile)');
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export const command: Command = { name: 'lint', summary: 'Static cache rules: layer order, .dockerignore, base images, build args', help: HELP, run };
