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
import { folderArg, parseFlags } from '../flags.js';
import { openSharedFor } from '../shared-store.js';
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
      --against NAME     explain a build from the shared records NAME (refs/layerplan/NAME, fetched by
                         layerplan pull) instead of this machine's: why CI's build of a pull request
                         took as long as it did
      --cache-dir DIR    cache store (default: $LAYERPLAN_CACHE_DIR, else $XDG_CACHE_HOME/layerplan,
                         else ~/.cache/layerplan)
      --json             print the explanation as JSON (schemaVersion 1)

Exit codes: 0 ok, 2 bad usage, 3 no real build of this Dockerfile recorded.

Examples:
  layerplan build . --exec && layerplan explain .
  layerplan explain . --json | jq '.steps[] | select(.reason) | .reason'
  layerplan pull && layerplan explain . --against ci      why CI's last build missed where it did
`;

async function run(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseFlags('explain', argv, {
    file: { type: 'string', short: 'f' },
    builder: { type: 'string', default: 'buildkit' },
    build: { type: 'string', default: 'last' },
    against: { type: 'string' },
    'cache-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
    debug: { type: 'boolean', default: false },
  });
  const dir = folderArg('explain', positionals, io.cwd);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`${dir} is not a folder; pass the build context that was built`, 'E_NO_CONTEXT');
  const builder = values.builder === 'podman' ? 'buildah' : values.builder;
  if (builder !== 'buildkit' && builder !== 'buildah') throw usageError(`--builder must be one of buildkit, buildah, podman, not "${values.builder}"`);
  const dockerfile = values.file ? path.resolve(io.cwd, values.file) : defaultDockerfile(dir);
  const storeDir = defaultStoreDir(values['cache-dir'], io.env);
  const shared = values.against ? await openSharedFor(dir, values.against, storeDir) : null;
  const store = shared?.store ?? openStore(storeDir);
  const all = runsOf(store.runs, dockerfile, builder);
  const build = pick(all.filter((r) => r.source === 'exec'), values.build ?? 'last', dockerfile, shared?.name ?? null);
  const steps = explainBuild(build, all, store.view.selection);
  if (values.json) {
    const json = explainJson(build, steps);
    io.stdout.write(`${JSON.stringify(shared ? { ...json, against: { name: shared.name, builds: shared.builds, pulledAt: shared.pulledAt, newest: shared.newest } } : json, null, 2)}\n`);
  } else {
    const { sharedLine } = await import('../../views/basis-text.js');
    io.stdout.write(`${shared ? `${sharedLine(shared, new Date())}\n` : ''}${renderExplainText(build, steps)}`);
  }
  return EXIT.ok;
}


function pick(builds: readonly RunRecord[], which: string, dockerfile: string, shared: string | null): RunRecord {
  const build = which === 'last' ? builds[builds.length - 1] : builds.find((b) => b.id === which || b.id.startsWith(which));
  if (build) return build;
  const where = shared ? ` in the shared records "${shared}"` : '';
  if (which !== 'last') throw new CliError(`no real build "${which}" of ${dockerfile}${where}; leave out --build for the last one, or take an id from layerplan explain --json`, 'E_NO_BUILD');
  if (shared) throw new CliError(`no real build of ${dockerfile} in the shared records "${shared}": run layerplan pull, or layerplan build --exec and layerplan push --as ${shared} where the builds run`, 'E_NO_BUILD');
  throw new CliError(`no real build of ${dockerfile} is recorded: run layerplan build --exec first (with the same -f and --builder)`, 'E_NO_BUILD');
}

export const command: Command = { name: 'explain', summary: 'Why each step of a real build (build --exec) missed the cache', help: HELP, run };
