/** `layerplan lint`: the static cache rules over Dockerfiles, no diff needed. */
import path from 'node:path';
import { lintRepo } from '../../app/lint.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { Command, CommandIO } from '../command.js';
import { readTextOrNull } from '../flags.js';
import { emitReport, parseReportArgs } from './check.js';
import { RULES } from '../../rules/index.js';

const HELP = `Usage: layerplan lint [FILE...] [options]

Runs the static cache rules over every Dockerfile of the git repository (or
the FILEs given): the Dockerfile as it is on disk, its context as staged in
git, and the working tree's file modes.

Rules:
${RULES.filter((r) => !r.bust).map((r) => `  ${r.id}  ${r.summary}`).join('\n')}

Silence one instruction with a comment line above it: # layerplan-ignore LP301
Turn a rule off in .layerplan.json: { "rules": { "LP301": "off" } }

Options:
  -f, --file FILE        lint only this Dockerfile (repeatable; same as FILE)
      --context DIR      build context of the given files (default: each one's folder)
      --exclude PATTERN  skip Dockerfiles matching PATTERN (.dockerignore syntax; repeatable)
      --config FILE      config file (default: .layerplan.json at the repository root)
      --disable ID       turn a rule off (repeatable)
      --fail-on LEVEL    exit 1 on: error (default), warning, never
      --format F         text (default), github, sarif, json
      --json             same as --format json
      --no-color         no colours

Exit codes: 0 ok, 1 findings at the --fail-on level, 2 bad usage, 3 bad input.

Examples:
  layerplan lint
  layerplan lint docker/api.Dockerfile --context .
  layerplan lint --format github --fail-on warning
`;

async function run(argv: string[], io: CommandIO): Promise<number> {
  const { opts } = parseReportArgs(argv, io, 'lint');
  // A typo in CI must not pass as "0 Dockerfiles checked".
  const missing = opts.check.files.find((f) => readTextOrNull(f) === null);
  if (missing) throw new CliError(`cannot read ${path.relative(io.cwd, missing) || missing}: no such file, or not a regular file; check the path`, 'E_NO_DOCKERFILE', EXIT.input);
  const report = lintRepo(opts.check, readTextOrNull);
  return emitReport(report, opts, io);
}

export const command: Command = { name: 'lint', summary: 'Static cache rules: layer order, .dockerignore, base images, build args', help: HELP, run };
