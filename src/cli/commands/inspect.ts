import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
// graph/platform.ts itself, not graph/index.ts: inspect must not load the Dockerfile parser at startup.
import { hostPlatform } from '../../graph/platform.js';
import path from 'node:path';
import { CI_RULES, DIVE_DEFAULTS, evaluateCi, parseThreshold, thresholdsFromConfig, type CiRuleName, type CiThresholds } from '../../image/ci-rules.js';
import { renderCiText } from '../../views/image-ci-text.js';
import { flagString, readTextOrNull, type FlagValues } from '../flags.js';
import { ImageReadError } from '../../image/errors.js';
import { readImage } from '../../image/read-image.js';
import { renderImageJson } from '../../views/image-json.js';
import { renderImageText } from '../../views/image-text.js';
import { buildImageReport, type ReportOptions } from '../../image/report.js';
import type { Command, CommandIO } from '../command.js';
import { CliError, usageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { parseFlags } from '../flags.js';
import { wantsTui } from '../interactive.js';

const help = `Usage: layerplan inspect SOURCE [options]

Shows an image's layers like \`docker history\`, what each layer adds, changes
and deletes, and the space wasted by files that later layers overwrite or delete.

SOURCE is one of:
  a file       \`docker save\` output (legacy or OCI layout, plain or gzipped),
               or a tarred OCI image layout
  a directory  an OCI image layout (skopeo copy / buildah push oci:DIR)
  a name       an image in the local Docker Engine (DOCKER_HOST, else /var/run/docker.sock)

Options:
  -f, --file PATH       Line the history up with this Dockerfile's steps
      --target STAGE    The stage the image was built from (default: the last)
      --json            Print the report as JSON
      --no-tui          Print the plain report even in a terminal (also when CI is set or output is piped)
      --no-color        No colours in the terminal view (also: NO_COLOR=1)
      --files           List every file change (default: the 8 largest per layer)
      --image TAG       The image to read from an archive holding several (default: the first)
      --platform OS/ARCH  Which image of a multi-platform index (default: ${hostPlatform(process.arch)})
      --debug           Show stack traces for internal errors

In a terminal the layers open as a view, bottom (base) to top: ↑↓/jk move,
PgUp/PgDn page, Enter shows the layer's files as a tree (+ added, ~ changed,
- deleted, ✗ wasted by a later layer), n next layer that wastes space, r only
those, q quit. Piped, under CI, or with --json or --no-tui: the plain report.

CI mode (dive's rules, names and defaults; exit 1 when a rule fails):
      --ci              Check the image against the rules below, print PASS/FAIL per rule
      --ci-config FILE  The rules file (default: .dive-ci in the current folder, if there), YAML:
                          rules: { lowestEfficiency: 0.95, highestWastedBytes: 20MB,
                                   highestUserWastedPercent: 0.2 }
      --lowest-efficiency RATIO          fail below this efficiency (default 0.9)
      --highest-wasted-bytes SIZE        fail above this many wasted bytes (default disabled)
      --highest-user-wasted-percent RATIO  fail when wasted bytes are above this share of what
                                         the layers above the base add (default 0.1)
  The figures are dive's: a path written in two layers wastes every copy of it,
  the visible one too. A value equal to a threshold passes. Flags win over the
  file; "disabled", "off", "false" or "" turns a rule off.

Examples:
  docker save myapp:latest -o myapp.tar && layerplan inspect myapp.tar
  layerplan inspect myapp:latest -f Dockerfile
  layerplan inspect ./oci-dir --json | jq .summary
  layerplan inspect myapp:latest --ci --lowest-efficiency 0.95
`;

export const command: Command = {
  name: 'inspect',
  summary: 'Show an image\'s layers, their file changes and wasted space',
  help,
  run,
};

async function run(argv: string[], io: CommandIO): Promise<number> {
  const args = parse(argv, io.env);
  const ci = args.ci ? await ciThresholds(args.ci, io) : null;
  const dockerfile = args.file ? await readDockerfile(args.file, args.target, io.cwd) : undefined;
  let report;
  try {
    const image = await readImage(args.source, { env: io.env, cwd: io.cwd, platform: args.platform, ...(args.image ? { image: args.image } : {}) });
    report = buildImageReport(image, dockerfile ? { dockerfile } : {});
  } catch (err) {
    if (err instanceof ImageReadError) throw new CliError(err.message, err.code, EXIT.input);
    throw err;
  }
  if (!ci) {
    // In a terminal the layers open as a view (Ink loads only here); piped, under CI or with --json, the report as ever.
    if (wantsTui(io, { json: args.json, noTui: args.noTui })) await (await import('../inspect-tui.js')).showImage(io, report, args.color);
    else io.stdout.write(args.json ? renderImageJson(report) : renderImageText(report, { allFiles: args.files }));
    return EXIT.ok;
  }
  // --ci is for pipelines: the plain report and the rules, never the view.
  const result = evaluateCi(report, ci.thresholds);
  if (args.json) io.stdout.write(`${JSON.stringify({ ...JSON.parse(renderImageJson(report)) as object, ci: { source: ci.source, ...result } }, null, 2)}\n`);
  else io.stdout.write(`${renderImageText(report, { allFiles: args.files })}\n${renderCiText(result, ci.source)}`);
  return result.pass ? EXIT.ok : EXIT.failed;
}

interface InspectArgs {
  readonly source: string;
  readonly file?: string;
  readonly target?: string;
  readonly json: boolean;
  readonly noTui: boolean;
  readonly color: boolean;
  readonly files: boolean;
  readonly image?: string;
  readonly platform: string;
  /** --ci: the flags, read into thresholds by ciThresholds. */
  readonly ci?: FlagValues;
}

function parse(argv: string[], env: CommandIO['env']): InspectArgs {
  const parsed = parseFlags('inspect', argv, {
    file: { type: 'string', short: 'f' },
    target: { type: 'string' },
    json: { type: 'boolean', default: false },
    'no-tui': { type: 'boolean', default: false },
    'no-color': { type: 'boolean', default: false },
    files: { type: 'boolean', default: false },
    image: { type: 'string' },
    platform: { type: 'string', default: hostPlatform(process.arch) },
    debug: { type: 'boolean', default: false },
    ci: { type: 'boolean', default: false },
    'ci-config': { type: 'string' },
    'lowest-efficiency': { type: 'string' },
    'highest-wasted-bytes': { type: 'string' },
    'highest-user-wasted-percent': { type: 'string' },
  });
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw usageError('inspect takes one SOURCE: a docker save tarball, an OCI layout directory or a local image name. See layerplan inspect --help.');
  if (!/^[a-z0-9]+\/[a-z0-9]+(\/[a-z0-9]+)?$/.test(values.platform)) throw usageError(`--platform "${values.platform}" is not of the form os/arch (e.g. linux/amd64)`);
  return {
    source: positionals[0]!,
    json: values.json,
    noTui: values['no-tui'],
    color: !values['no-color'] && !env.NO_COLOR,
    files: values.files,
    platform: values.platform,
    ...(values.file ? { file: values.file } : {}),
    ...(values.target ? { target: values.target } : {}),
    ...(values.image ? { image: values.image } : {}),
    ...(values.ci ? { ci: values } : {}),
  };
}

const CI_FLAGS: Readonly<Record<CiRuleName, string>> = { lowestEfficiency: 'lowest-efficiency', highestWastedBytes: 'highest-wasted-bytes', highestUserWastedPercent: 'highest-user-wasted-percent' };

/** dive's defaults, under the config file (--ci-config, else ./.dive-ci when there), under the flags. */
async function ciThresholds(values: FlagValues, io: CommandIO): Promise<{ thresholds: CiThresholds; source: string }> {
  const { cwd } = io;
  const given = flagString(values, 'ci-config');
  const file = path.resolve(cwd, given ?? '.dive-ci');
  let thresholds = DIVE_DEFAULTS;
  let source = "dive's defaults";
  if (given !== undefined || existsSync(file)) {
    const text = readTextOrNull(file);
    if (text === null) throw new CliError(`cannot read the CI config ${given ?? '.dive-ci'}; check the path given to --ci-config`, 'E_CI_CONFIG', EXIT.input);
    // The YAML parser loads only for a config file: inspect without one never pays for it.
    const { readYaml } = await import('../../definitions/yaml-text.js');
    const { DefinitionFailure } = await import('../../definitions/types.js');
    let value: unknown;
    try {
      value = readYaml({ path: file, text }).value;
    } catch (err) {
      if (err instanceof DefinitionFailure) throw new CliError(`${err.message}; fix the CI config`, 'E_CI_CONFIG', EXIT.input);
      throw err;
    }
    const read = thresholdsFromConfig(value);
    if (!read.ok) throw new CliError(`${path.relative(cwd, file) || file}: ${read.key} must be ${read.why}`, 'E_CI_CONFIG', EXIT.input);
    thresholds = read.thresholds;
    source = path.relative(cwd, file) || file;
    for (const line of read.ignored) io.stderr.write(`layerplan: ${source}: ${line}\n`);
  }
  const flagged: Record<CiRuleName, number | null> = { ...thresholds };
  let flagsGiven = false;
  for (const rule of CI_RULES) {
    const raw = flagString(values, CI_FLAGS[rule]);
    if (raw === undefined) continue;
    const parsed = parseThreshold(rule, raw);
    if (!parsed.ok) throw usageError(`--${CI_FLAGS[rule]} "${raw}": must be ${parsed.why}`);
    flagged[rule] = parsed.value;
    flagsGiven = true;
  }
  if (flagsGiven) source = source === "dive's defaults" ? 'flags' : `${source} and flags`;
  return { thresholds: flagged, source };
}

async function readDockerfile(file: string, target: string | undefined, cwd: string): Promise<NonNullable<ReportOptions['dockerfile']>> {
  const { resolve } = await import('node:path');
  const content = await readFile(resolve(cwd, file), 'utf8').catch(() => {
    throw new CliError(`cannot read the Dockerfile ${file}; check the path given to -f`, 'E_NO_DOCKERFILE', EXIT.input);
  });
  // dockerfile-ast loads only with -f: a plain inspect never pays for the Dockerfile parser.
  const { dockerfileSteps } = await import('../../image/dockerfile-steps.js');
  try {
    return { path: file, steps: dockerfileSteps(content, target) };
  } catch (err) {
    if (err instanceof ImageReadError) throw new CliError(err.message, err.code, EXIT.usage, file);
    throw err;
  }
}
