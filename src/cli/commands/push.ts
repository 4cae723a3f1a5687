/** `layerplan push` and `layerplan pull`: a team's real-build records, moved through git. */
import path from 'node:path';
import { defaultStoreDir, openStore } from '../../store/index.js';
import { selectionsUsed, shareBuilds, SharedRecordsError } from '../../app/shared-records.js';
import { pullRecords, pushRecords } from '../../git/records-remote.js';
import { GitError, tryGit } from '../../git/run-git.js';
import type { AgePolicy } from '../../git/records.js';
import type { Command, CommandIO } from '../command.js';
import { CliError, usageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { parseFlags } from '../flags.js';

const PUSH_HELP = `Usage: layerplan push [REMOTE] --as NAME [options]

Shares this machine's real builds of the repository (run with layerplan build
--exec, or read with layerplan timings) as git objects under
refs/layerplan/NAME, and pushes that ref to REMOTE (default: origin) with
the repository's own remote and auth. Plans counted with --assume-built are
never shared. When another job pushed first, its records are fetched and
merged (records are content-addressed, so a merge is a union) and the push
is tried again.

Options:
      --as NAME          the name of the shared records (for example ci, or main)
      --keep N           keep the newest N records under the name (default: all)
      --max-age AGE      drop records older than AGE: 30d, 12h, 90m, 2w (a bare number is days)
      --no-push          record under refs/layerplan/NAME here only
  -C DIR                 the repository (default: the current folder)
      --cache-dir DIR    the local store to share from (default as for build)

Exit codes: 0 ok, 2 bad usage, 3 not a repository, nothing to share, or the remote refused.

Examples:
  layerplan build . --exec && layerplan push --as ci        in CI, after the build
  layerplan push origin --as main --keep 200
`;

const PULL_HELP = `Usage: layerplan pull [REMOTE] [options]

Fetches every set of shared build records REMOTE (default: origin) has
(refs/layerplan/*) and merges each into the local one of the same name.
Then \`layerplan build . --against NAME\` and \`layerplan check --against NAME\`
plan against them, without the network, and say when they were pulled.

Options:
      --keep N           keep the newest N records of each name here (the
                         remote keeps all it has; a pull without it brings them back)
      --max-age AGE      drop records older than AGE here: 30d, 12h, 90m, 2w (a bare number is days)
  -C DIR                 the repository (default: the current folder)

A pre-commit hook reads every record it has: --keep bounds what it reads
when CI pushes many builds.

Examples:
  layerplan pull && layerplan build . --against ci
  layerplan pull --keep 50 --max-age 30d              what a hook needs, no more
  git fetch origin 'refs/layerplan/*:refs/layerplan/*'    the same with git alone (a shallow clone is fine)
`;

function repoOf(dir: string): string {
  const top = tryGit(dir, ['rev-parse', '--show-toplevel']);
  if (!top) throw new CliError(`${dir} is not inside a git repository: shared records travel with one`, 'E_NOT_GIT');
  return top.toString('utf8').trim();
}

function policyOf(keep: string | undefined, maxAge: string | undefined): AgePolicy | undefined {
  if (keep !== undefined && (!/^\d+$/.test(keep) || Number(keep) < 1)) throw usageError(`--keep takes a whole number of at least 1, not "${keep}"`);
  const count = keep === undefined ? undefined : Number(keep);
  const maxAgeSeconds = maxAge === undefined ? undefined : durationSeconds(maxAge);
  return count === undefined && maxAgeSeconds === undefined ? undefined : { ...(count !== undefined ? { count } : {}), ...(maxAgeSeconds !== undefined ? { maxAgeSeconds } : {}) };
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `--max-age`: a whole number with s, m, h, d or w after it; a bare number is days (as --max-age DAYS was). */
export function durationSeconds(text: string): number {
  const m = /^(\d+)([smhdw]?)$/.exec(text);
  if (!m || Number(m[1]) < 1) throw usageError(`--max-age takes an age such as 30d, 12h, 90m or 2w (a bare number is days), not "${text}"`);
  return Number(m[1]) * (UNIT_SECONDS[m[2] || 'd'] ?? 86_400);
}

/** git's and the records' failures as one line each. */
async function asCliErrors<T>(work: () => T): Promise<T> {
  try {
    return work();
  } catch (err) {
    if (err instanceof GitError || err instanceof SharedRecordsError) throw new CliError(err.message, 'E_RECORDS');
    throw err;
  }
}

async function push(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseFlags('push', argv, {
    as: { type: 'string' },
    keep: { type: 'string' },
    'max-age': { type: 'string' },
    'no-push': { type: 'boolean', default: false },
    C: { type: 'string', short: 'C' },
    'cache-dir': { type: 'string' },
    debug: { type: 'boolean', default: false },
  });
  if (!values.as) throw usageError('push needs --as NAME: the name the records are shared under (for example --as ci)');
  if (positionals.length > 1) throw usageError(`push takes one remote, got ${positionals.join(' ')}`);
  const remote = positionals[0] ?? 'origin';
  const repo = repoOf(path.resolve(io.cwd, values.C ?? '.'));
  const policy = policyOf(values.keep, values['max-age']);
  const now = new Date();
  return asCliErrors(() => {
    const store = openStore(defaultStoreDir(values['cache-dir'], io.env));
    const { added, total } = shareBuilds(repo, values.as!, store, { policy, now });
    if (!total) throw new CliError(`no real builds of ${repo} to share: build with layerplan build --exec (or read a log with layerplan timings) first`, 'E_NOTHING_TO_SHARE');
    const where = `refs/layerplan/${values.as}`;
    if (values['no-push']) {
      io.stdout.write(`${added} new build record${added === 1 ? '' : 's'} under ${where} (${total} in all); not pushed (--no-push)\n`);
      return EXIT.ok;
    }
    const result = pushRecords(repo, remote, values.as!, { policy, now, uses: selectionsUsed });
    const merged = result.attempts > 1 ? `, after merging what others pushed (${result.attempts} tries)` : '';
    io.stdout.write(`pushed ${where} to ${remote}: ${added} new build record${added === 1 ? '' : 's'}, ${total} in all${merged}\n`);
    return EXIT.ok;
  });
}

async function pull(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseFlags('pull', argv, { keep: { type: 'string' }, 'max-age': { type: 'string' }, C: { type: 'string', short: 'C' }, debug: { type: 'boolean', default: false } });
  if (positionals.length > 1) throw usageError(`pull takes one remote, got ${positionals.join(' ')}`);
  const remote = positionals[0] ?? 'origin';
  const policy = policyOf(values.keep, values['max-age']);
  const repo = repoOf(path.resolve(io.cwd, values.C ?? '.'));
  const names = await asCliErrors(() => pullRecords(repo, remote, { now: new Date(), ...(policy ? { policy, uses: selectionsUsed } : {}) }));
  io.stdout.write(names.length ? `pulled from ${remote}: ${names.map((n) => `refs/layerplan/${n}`).join(', ')}\n` : `${remote} has no shared build records (refs/layerplan/*): push some with layerplan push --as NAME\n`);
  await rememberChecksOf(repo, names);
  return EXIT.ok;
}

/**
 * The checks `check --against` makes of the builds pulled (app/shared-prepare.ts), made now so the hook's first
 * check after the pull need not read the context. Only an optimisation: a failure leaves them to that check.
 */
async function rememberChecksOf(repo: string, names: readonly string[]): Promise<void> {
  if (!names.length) return;
  const [{ rememberChecks }, { openRepo }] = await Promise.all([import('../../app/shared-prepare.js'), import('../../git/repo.js')]);
  try {
    const { gitDir } = openRepo(repo);
    for (const name of names) await rememberChecks(repo, gitDir, name);
  } catch {
    // As said.
  }
}

export const pushCommand: Command = { name: 'push', summary: 'Share this machine\'s real builds through git (refs/layerplan/NAME)', help: PUSH_HELP, run: push };
export const pullCommand: Command = { name: 'pull', summary: 'Fetch a team\'s shared build records, for build/check --against NAME', help: PULL_HELP, run: pull };
