/** `layerplan hook install|uninstall`: the git pre-commit hook that runs `layerplan check --staged`. */
import path from 'node:path';
import { hookScript, installHook, uninstallHook } from '../../git/hook.js';
import { openRepo } from '../../git/repo.js';
import type { Command, CommandIO } from '../command.js';
import { usageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { parseFlags } from '../flags.js';

const HELP = `Usage: layerplan hook install [options]
       layerplan hook uninstall

install writes a pre-commit hook that runs \`layerplan check --staged\` into the
folder git runs hooks from (core.hooksPath is honoured). The hook finds
layerplan when it runs (node_modules/.bin, PATH, npx --no-install) and, when
it is missing, says so in one line and lets the commit through (--strict:
refuses it). An existing
pre-commit hook is kept, renamed to pre-commit.pre-layerplan, and still runs
first. uninstall removes exactly what install added and puts that hook back.

Options (install):
      --strict         refuse commits that bust the cache (passes --strict to check)
      --against NAME   ask what the shared records NAME (CI's builds, fetched by layerplan pull)
                       will rebuild for the commit, instead of what it changes against HEAD
      --command CMD    how the hook starts layerplan (default: found when the hook runs: the
                       repository's node_modules/.bin, then PATH, then npx --no-install),
                       e.g. --command "pnpm exec layerplan"

With the pre-commit framework, husky or lefthook, use their configuration instead (see docs/check.md).

Examples:
  layerplan hook install
  layerplan hook install --strict
  layerplan hook install --against ci
  layerplan hook uninstall
`;

async function run(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseFlags('hook', argv, { strict: { type: 'boolean', default: false }, against: { type: 'string' }, command: { type: 'string' }, debug: { type: 'boolean', default: false } });
  const [action, ...rest] = parsed.positionals;
  if (rest.length || (action !== 'install' && action !== 'uninstall')) throw usageError('hook takes one action: install or uninstall. See layerplan hook --help');
  const repo = openRepo(io.cwd);
  if (action === 'uninstall') {
    const r = uninstallHook(repo.hooksDir);
    io.stdout.write(r.kind === 'not-installed'
      ? `layerplan: no layerplan hook in ${r.hook}; nothing removed\n`
      : `layerplan: removed the hook from ${r.hook}${r.restored ? ' and put the previous hook back' : ''}\n`);
    return EXIT.ok;
  }
  const checkArgs = [...(parsed.values.strict ? ['--strict'] : []), ...(parsed.values.against ? ['--against', parsed.values.against] : [])];
  const script = hookScript(parsed.values.command ?? null, checkArgs);
  const r = installHook(repo.hooksDir, script);
  io.stdout.write(`layerplan: ${r.kind} ${r.hook}${r.chained ? ` (your previous hook is kept as ${path.basename(r.chained)} and runs first)` : ''}\n`);
  return EXIT.ok;
}

export const command: Command = { name: 'hook', summary: 'Install or remove the git pre-commit hook that runs layerplan check --staged', help: HELP, run };
