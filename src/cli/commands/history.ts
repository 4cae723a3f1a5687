/** `layerplan history [DIR]`: the runs recorded for a project, newest first, and what changed between them. */
import path from 'node:path';
import { parseArgs } from '../parse-args.js';
import type { Fingerprints } from '../../key/index.js';
import { defaultStoreDir, openStore } from '../../store/index.js';
import { diffRuns, previousRun, projectRuns, recordedBaseRef, type SelectionLookup } from '../../plan/run-history.js';
import { historyJson, renderHistoryText } from '../../views/history-text.js';
import type { Command, CommandIO } from '../command.js';
import { usageError } from '../errors.js';
import { folderArg } from '../flags.js';
import { EXIT } from '../exit-codes.js';
import { wantsTui } from '../interactive.js';
import { errorMessage } from '../../lang/error-code.js';

const HELP = `Usage: layerplan history [DIR] [options]

Walks the runs recorded for the project in DIR (default: .), newest first:
real builds (run with \`build --exec\`, or found in the engine's build history:
a \`docker build\` layerplan did not run) and, marked "plan, assumed built",
plans kept with --assume-built. Each row: when, what it was, which Dockerfile
and target, builder, cached and rebuilt counts (a real build's are what the
builder did) and how long it took; then what changed since the run before it
(for a real build, the real build before it: steps that flipped and why they
missed, files that changed, build args) and what each rebuilt step took.

In a terminal this is an interactive view; piped or under CI, a plain listing.

Options:
      --cache-dir DIR    cache store (default: $LAYERPLAN_CACHE_DIR, else $XDG_CACHE_HOME/layerplan,
                         else ~/.cache/layerplan)
      --json             print the runs and their differences as JSON (schemaVersion 1)
      --no-tui           print the plain listing even in a terminal
      --no-color         no colours (also: NO_COLOR=1)

Keys: ←/→ or h/l older/newer run, ↑/↓ or j/k move over steps, PgUp/PgDn page,
n next rebuilt step, r only rebuilt steps, d difference from the run before
(the real build before, for a real build), q or Esc quit.

Examples:
  layerplan history .
  layerplan history . --json | jq '.runs[0].diff'
`;

async function run(argv: string[], io: CommandIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'cache-dir': { type: 'string' }, json: { type: 'boolean', default: false }, 'no-tui': { type: 'boolean', default: false }, 'no-color': { type: 'boolean', default: false }, debug: { type: 'boolean', default: false } },
    });
  } catch (err) {
    throw usageError(`${errorMessage(err)}. See layerplan history --help`);
  }
  const { values, positionals } = parsed;
  const contextDir = folderArg('history', positionals, io.cwd);
  const store = openStore(defaultStoreDir(values['cache-dir'], io.env));
  const runs = projectRuns(store.runs, contextDir);
  const selection = memo(store.view.selection.bind(store.view));
  const json = values.json ?? false;
  if (wantsTui(io, { json, noTui: values['no-tui'] ?? false }) && runs.length) {
    const tui = await import('../history-tui.js');
    const diffs = runs.map((r, i) => {
      const older = previousRun(runs, i);
      return older ? diffRuns(older, r, selection) : null;
    });
    await tui.showHistory(io, { contextDir, runs, diffs, color: !values['no-color'] && !io.env.NO_COLOR, refs: baseRefs(runs) });
  } else if (json) {
    io.stdout.write(`${JSON.stringify(historyJson(contextDir, runs, selection), null, 2)}\n`);
  } else {
    io.stdout.write(renderHistoryText(contextDir, runs, selection));
  }
  return EXIT.ok;
}

function baseRefs(runs: readonly { steps: readonly Parameters<typeof recordedBaseRef>[0][] }[]): string[] {
  return [...new Set(runs.flatMap((r) => r.steps.flatMap((s) => recordedBaseRef(s) ?? [])))];
}

/** Selections are read once each, however many runs share them. */
function memo(lookup: SelectionLookup): SelectionLookup {
  const seen = new Map<string, Fingerprints | null>();
  return (digest) => {
    if (!seen.has(digest)) seen.set(digest, lookup(digest));
    return seen.get(digest) ?? null;
  };
}

export const command: Command = { name: 'history', summary: 'Walk the recorded runs of a project and what changed between them', help: HELP, run };
