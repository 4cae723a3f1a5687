/** `layerplan hook install|uninstall`: the git pre-commit hook that runs `layerplan check --staged`. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hookScript, installHook, shellQuote, uninstallHook } from '../../git/hook.js';
import { openRepo } from '../../git/repo.js';
import type { Command, CommandIO } from '../command.js';
import { usageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { parseFlags } from '../flags.js';

const HELP = `Usage: layerplan hook install [options]
       layerplan hook uninstall

install writes a pre-commit hook that runs \`layerplan check --staged\` into the
folder git runs hooks from (core.hooksPath is honoured). An existing
pre-commit hook is kept, renamed to pre-commit.pre-layerplan, and still runs
first. uninstall removes exactly what install added and puts that hook back.

Options (install):
      --strict         refuse commits that bust the cache (passes --strict to check)
      --command CMD    how the hook starts layerplan (default: this node and this layerplan,
                       by absolute path), e.g. --command "npx --no-install layerplan"

With the pre-commit framework, husky or lefthook, use their configuration instead (see docs/check.md).

Examples:
  layerplan hook install
  layerplan hook install --strict
  layerplan hook uninstall
`;

/** This installation's bin, by absolute path: the hook must not depend on PATH. */
function defaultCommand(): string {
  return `${shellQuote(process.execPath)} ${shellQuote(installedBin(path.dirname(fileURLToPath(import.meta.url))))}`;
}

/** bin/layerplan of the package this module is part of: from the bundle (dist/bundle/) or tsc's dist/src/cli/commands/. */
function installedBin(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const bin = path.join(dir, 'bin', 'layerplan');
    if (existsSync(bin) || path.dirname(dir) === dir) return bin;
  }
}

async function run(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseFlags('hook', argv, { strict: { type: 'boolean', default: false }, command: { type: 'string' }, debug: { type: 'boolean', default: false } });
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
  const script = hookScript(parsed.values.command ?? defaultCommand(), parsed.values.strict ? ['--strict'] : []);
  const r = installHook(repo.hooksDir, script);
  io.stdout.write(`layerplan: ${r.kind} ${r.hook}${r.chained ? ` (your previous hook is kept as ${path.basename(r.chained)} and runs first)` : ''}\n`);
  return EXIT.ok;
}

export const command: Command = { name: 'hook', summary: 'Install or remove the git pre-commit hook that runs layerplan check --staged', help: HELP, run };
