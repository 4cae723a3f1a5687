import type { Command, CommandIO, OutStream } from './command.js';
import { stdStream } from './std-out.js';
import { errorLine, toCliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { VERSION } from './version.js';

/**
 * The registry of subcommands. Each is loaded only when called, so the
 * pre-commit path never pays for the TUI or the image reader.
 */
const COMMANDS: ReadonlyArray<{ name: string; summary: string; load: () => Promise<Command> }> = [
  { name: 'build', summary: 'Plan the next docker build: what is cached, what is rebuilt, and why', load: async () => (await import('./commands/build.js')).command },
  { name: 'inspect', summary: 'Show an image\'s layers, their file changes and wasted space', load: async () => (await import('./commands/inspect.js')).command },
  { name: 'history', summary: 'Walk the recorded runs of a project and what changed between them', load: async () => (await import('./commands/history.js')).command },
  { name: 'check', summary: 'Before a commit: which cached layers it would rebuild, cache busts, and how to fix them', load: async () => (await import('./commands/check.js')).command },
  { name: 'lint', summary: 'Static cache rules: layer order, .dockerignore, base images, build args', load: async () => (await import('./commands/lint.js')).command },
  { name: 'hook', summary: 'Install or remove the git pre-commit hook that runs layerplan check --staged', load: async () => (await import('./commands/hook.js')).command },
  { name: 'fix', summary: 'Rewrite a Dockerfile so dependency installs stay cached (prints a diff; --write applies)', load: async () => (await import('./commands/fix.js')).command },
  { name: 'explain', summary: 'Why each step of a real build (build --exec) missed the cache', load: async () => (await import('./commands/explain.js')).command },
  { name: 'timings', summary: 'Record how long each step of a real BuildKit build took, from its --progress=plain log', load: async () => (await import('./commands/timings.js')).command },
  { name: 'push', summary: 'Share this machine\'s real builds through git (refs/layerplan/NAME)', load: async () => (await import('./commands/push.js')).pushCommand },
  { name: 'pull', summary: 'Fetch a team\'s shared build records, for build --against NAME', load: async () => (await import('./commands/push.js')).pullCommand },
  { name: 'layers', summary: 'What the Dockerfiles under a folder share: base layers, cached steps, bytes saved', load: async () => (await import('./commands/layers.js')).command },
];

function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `layerplan ${VERSION}: know which Dockerfile layers the next build takes from the cache, and why the others rebuild.`,
    '',
    'Usage: layerplan <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `layerplan <command> --help` for a command\'s options and examples.',
    '',
    'Examples:',
    '  layerplan build .                       plan ./Dockerfile against the cache of earlier runs',
    '  layerplan build . --json | jq .summary  the same plan as data',
    '  layerplan check                         before a commit: what the staged change would rebuild',
    '  layerplan hook install                  run that check from git\'s pre-commit hook',
    '  layerplan history                       walk the recorded runs of this project',
    '  layerplan inspect app.tar               the layers of a `docker save` image and their waste',
    '',
  ].join('\n');
}

function defaultIO(): CommandIO {
  // Each stream on first use, and stdout and stderr without Node's stream stack where they can (std-out.ts):
  // opening them costs start-up time, and most runs never read stdin or write to stderr.
  let stdout: OutStream | undefined;
  let stderr: OutStream | undefined;
  return {
    get stdout() { return (stdout ??= stdStream(1, () => process.stdout)); },
    get stderr() { return (stderr ??= stdStream(2, () => process.stderr)); },
    get stdin() { return process.stdin; },
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Runs the CLI and returns the exit code; the bin shim is the only caller that sets it. */
export async function main(argv: string[], io: CommandIO = defaultIO()): Promise<number> {
  // `layerplan help build` is `layerplan build --help`, as with git and docker.
  const [name, ...rest] = argv[0] === 'help' && argv[1] !== undefined ? [argv[1], '--help'] : argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(topHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.stderr.write(`layerplan: unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}. See layerplan --help.\n`);
    return EXIT.usage;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    return reportError(err, io, rest.includes('--debug'));
  }
}

function reportError(err: unknown, io: CommandIO, debug: boolean): number {
  const known = toCliError(err, io.cwd);
  if (known) {
    io.stderr.write(`layerplan: ${errorLine(known)}\n`);
    if (debug && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return known.exitCode;
  }
  io.stderr.write(`layerplan: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  if (err instanceof Error && err.stack) io.stderr.write(`${debug ? err.stack : 'Run again with --debug for the stack trace.'}\n`);
  return EXIT.input;
}

export { PLUGIN_METADATA, pluginArgv } from './docker-plugin.js';
