/** `layerplan layers DIR`: what the Dockerfiles under a folder share, in base layers and cached build steps. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { BUILDERS, type Builder } from '../../key/index.js';
import { renderLayersText } from '../../views/layers-text.js';
import { engineEndpoint, engineLabel } from '../../engine/endpoint.js';
import { findSharing } from '../../layers/sharing.js';
import { surveyFolder, type SurveyProblem } from '../../app/survey.js';
import { layersToJson } from '../../views/layers-json.js';
import { defaultStoreDir } from '../../store/index.js';
import { hostOf, type Command, type CommandIO } from '../command.js';
import { CliError, toCliError, usageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { folderArg, isOneOf, parseFlags } from '../flags.js';

const HELP = `Usage: layerplan layers [DIR] [options]

Finds every Dockerfile under DIR (Dockerfile, Containerfile, *.Dockerfile,
Dockerfile.*; not in node_modules or .git), plans each against the cache
store without recording anything, and shows what they share:
  - base images: which Dockerfiles use each, its layers (from the local
    engine), whether it is already local or will be pulled, and the bytes
    that shared layers save by being stored and pulled once;
  - build steps with equal cache keys (same base, instructions and inputs):
    the first build makes the layer, the others take it from the cache.
Each Dockerfile's build context is its folder, unless DIR/.layerplan.json
names another ({"dockerfiles": [{"file": "docker/api.Dockerfile", "context": "."}]}).

Options:
      --builder B        buildkit or buildah (default: the config's, else buildkit)
      --cache-dir DIR    cache store (default: $LAYERPLAN_CACHE_DIR, else $XDG_CACHE_HOME/layerplan,
                         else ~/.cache/layerplan)
      --json             print the report as JSON (schemaVersion 1)
      --debug            show stack traces for errors

Exit codes: 0 ok, 2 bad usage, 3 bad input (a Dockerfile that cannot be planned is
reported as file:line and the others still are; the exit code is then 3).

Examples:
  layerplan layers .                       what the Dockerfiles of this repository share
  layerplan layers services --json | jq .savedBytes
`;

interface LayersOptions {
  readonly root: string;
  readonly builder: Builder | null;
  readonly storeDir: string;
  readonly json: boolean;
}

function parseLayersArgs(argv: string[], io: CommandIO): LayersOptions {
  const { values, positionals } = parseFlags('layers', argv, {
    builder: { type: 'string' },
    'cache-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
    debug: { type: 'boolean', default: false },
  });
  const root = folderArg('layers', positionals, io.cwd);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new CliError(`${root} is not a folder; pass the folder that holds your Dockerfiles`, 'E_NO_CONTEXT');
  const given = values.builder;
  if (given !== undefined && !isOneOf(BUILDERS, given)) throw usageError(`--builder must be one of ${BUILDERS.join(', ')}, not "${given}"`);
  return { root, builder: given ?? null, storeDir: defaultStoreDir(values['cache-dir'], io.env), json: values.json ?? false };
}

async function run(argv: string[], io: CommandIO): Promise<number> {
  const opts = parseLayersArgs(argv, io);
  const survey = await surveyFolder(opts, hostOf(io));
  const report = findSharing(survey.dockerfiles, survey.bases);
  const problems = survey.problems.map((p) => problemLine(p, io.cwd));
  const endpoint = engineEndpoint(io.env);
  const engine = typeof endpoint !== 'string' && survey.bases.some((b) => b.present !== null) ? engineLabel(endpoint) : null;
  if (opts.json) {
    const dockerfiles = survey.dockerfiles.map((d) => ({ path: d.path, context: d.context, ...(d.definition ? { definition: d.definition } : {}), summary: d.plan.summary }));
    io.stdout.write(`${JSON.stringify(layersToJson({ root: opts.root, builder: survey.builder, dockerfiles, problems, engine }, report), null, 2)}\n`);
  } else {
    io.stdout.write(renderLayersText({ root: opts.root, builder: survey.builder, dockerfiles: survey.dockerfiles.length, engine }, report));
  }
  // On stderr, as main.ts shows an error, so the report on stdout stays clean for pipes.
  for (const p of problems) io.stderr.write(`layerplan: ${p.where ?? p.path}: ${p.message}\n`);
  return problems.length ? EXIT.input : EXIT.ok;
}

interface ProblemLine {
  readonly path: string;
  /** "file:line" when the problem has a place in a file. */
  readonly where: string | null;
  readonly message: string;
}

function problemLine(p: SurveyProblem, cwd: string): ProblemLine {
  const e = toCliError(p.error, cwd);
  if (!e) throw p.error;
  return { path: p.path, where: e.where ?? null, message: e.message };
}

export const command: Command = { name: 'layers', summary: 'What the Dockerfiles under a folder share: base layers, cached steps, bytes saved', help: HELP, run };
