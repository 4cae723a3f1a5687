/** `layerplan explain [DIR]`: why each step of a real build (`build --exec`) missed the cache. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { explainBuild } from '../../plan/explain-build.js';
import { runsOf } from '../../plan/index.js';
import { defaultStoreDir, openStore, type RunRecord } from '../../store/index.js';
import { explainJson, renderExplainText } from '../../views/explain-text.js';
import type { Command, CommandIO } from '../command.js';
import { CliError, usageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { parseFlags } from '../flags.js';
import { defaultDockerfile } from './build.js';

const HELP = `Usage: layerplan explain [DIR] [options]

Says why each step of a real build missed the cache: the files that changed
since the build where it last hit (added, removed, modified), a build arg or
ENV (old → new), the base image (old id → new id), an instruction change, the
parent cascade, or that the builder no longer had the layer (its cache was
pruned) although the key matched. Real builds are the ones run with
\`layerplan build --exec\`.

Options:
  -f, --file FILE        the Dockerfile that was built (default: DIR/Dockerfile, else DIR/Containerfile)
      --builder B        buildkit, buildah or podman (default: buildkit)
      --build ID|last    which real build (default: last); ID as in --json's build.id (a prefix will do)
      --cache-dir DIR    cache store (default: $LAYERPLAN_CACHE_DIR, else $XDG_CACHE_HOME/layerplan,
                         else ~/.cache/layerplan)
      --json             print the explanation as JSON (schemaVersion 1)

Exit codes: 0 ok, 2 bad usage, 3 no real build of this Dockerfile recorded.

Examples:
  layerplan build . --exec && layerplan explain .
  layerplan explain . --json | jq '.steps[] | select(.reason) | .reason'
`;

async function run(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseFlags('explain', argv, {
    file: { type: 'string', short: 'f' },
    builder: { type: 'string', default: 'buildkit' },
    build: { type: 'string', default: 'last' },
    'cache-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
    debug: { type: 'boolean', default: false },
  });
  if (positionals.length > 1) throw usageError(`explain takes one folder, got ${positionals.length}: ${positionals.join(' ')}`);
  const dir = path.resolve(io.cwd, positionals[0] ?? '.');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`${dir} is not a folder; pass the build context that was built`, 'E_NO_CONTEXT');
  const builder = values.builder === 'podman' ? 'buildah' : values.builder;
  if (builder !== 'buildkit' && builder !== 'buildah') throw usageError(`--builder must be one of buildkit, buildah, podman, not "${values.builder}"`);
  const dockerfile = values.file ? path.resolve(io.cwd, values.file) : defaultDockerfile(dir);
  const store = openStore(defaultStoreDir(values['cache-dir'], io.env));
  const all = runsOf(store.runs, dockerfile, builder);
  const build = pick(all.filter((r) => r.source === 'exec'), values.build ?? 'last', dockerfile);
  const steps = explainBuild(build, all, store.view.selection);
  io.stdout.write(values.json ? `${JSON.stringify(explainJson(build, steps), null, 2)}\n` : renderExplainText(build, steps));
  return EXIT.ok;
}

function pick(builds: readonly RunRecord[], which: string, dockerfile: string): RunRecord {
  const build = which === 'last' ? builds[builds.length - 1] : builds.find((b) => b.id === which || b.id.startsWith(which));
  if (build) return build;
  if (which !== 'last') throw new CliError(`no real build "${which}" of ${dockerfile}; leave out --build for the last one, or take an id from layerplan explain --json`, 'E_NO_BUILD');
  throw new CliError(`no real build of ${dockerfile} is recorded: run layerplan build --exec first (with the same -f and --builder)`, 'E_NO_BUILD');
}

export const command: Command = { name: 'explain', summary: 'Why each step of a real build (build --exec) missed the cache', help: HELP, run };
