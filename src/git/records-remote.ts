/**
 * Moving build records between clones with plain git. Push is
 * optimistic: when the remote's ref moved (another CI job pushed), fetch it,
 * merge the two record sets (a union: names are content-addressed), and try
 * again. Pull merges each remote cache into the local one of the same name
 * and notes when, so an offline reader (the pre-commit hook) can say how old
 * its view of CI's cache is.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GitError, runGit, tryGit } from './run-git.js';
import { RECORDS_NAMESPACE, recordsRef, refCommit, writeRecords, type AgePolicy, type WriteOptions } from './records.js';

const INCOMING = 'refs/layerplan-incoming';

export interface PushResult {
  readonly ref: string;
  /** 1 when the first push went through; more when others pushed meanwhile and their records were merged in. */
  readonly attempts: number;
  readonly commit: string | null;
}

/** Pushes refs/layerplan/<name>, merging what others pushed first; gives up after `tries` rejections. */
export function pushRecords(repo: string, remote: string, name: string, opts: { readonly tries?: number; readonly policy?: AgePolicy; readonly now: Date; readonly uses?: WriteOptions['uses'] }): PushResult {
  const ref = recordsRef(name);
  const tries = opts.tries ?? 12;
  for (let attempt = 1; attempt <= tries; attempt++) {
    const commit = refCommit(repo, ref);
    if (!commit) throw new GitError(`no records under ${ref} to push: record a build first (layerplan build --exec)`, []);
    if (tryPush(repo, remote, ref)) return { ref, attempts: attempt, commit };
    if (attempt > 1) backOff(attempt);
    const incoming = fetchOne(repo, remote, name);
    if (incoming) writeRecords(repo, ref, [], { merge: [incoming], policy: opts.policy, now: opts.now, ...(opts.uses ? { uses: opts.uses } : {}), message: `layerplan: merge ${remote}'s ${name} records` });
  }
  throw new GitError(`the push of ${ref} to ${remote} was rejected ${tries} times (others keep pushing); run layerplan push again`, []);
}

/**
 * A random pause before a retry, up to 50 ms × 2^attempt (at most 2 s): two jobs that keep colliding stop
 * doing so in step. Measured with 2 clones pushing 10 times each at once: the loser needed 10 tries
 * without it.
 */
function backOff(attempt: number): void {
  const ms = Math.random() * Math.min(2000, 50 * 2 ** attempt);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function tryPush(repo: string, remote: string, ref: string): boolean {
  try {
    runGit(repo, ['push', '--quiet', '--porcelain', remote, `${ref}:${ref}`]);
    return true;
  } catch (err) {
    if (err instanceof GitError && /rejected|fetch first|non-fast-forward|failed to push|cannot lock ref|stale info/i.test(err.message)) return false;
    throw err;
  }
}

/** The remote's commit of one cache, fetched into the incoming namespace; null when the remote has none. */
function fetchOne(repo: string, remote: string, name: string): string | null {
  const ref = recordsRef(name);
  const local = `${INCOMING}/${remote}/${name}`;
  if (!tryGit(repo, ['fetch', '--quiet', '--no-tags', remote, `+${ref}:${local}`])) return null;
  return refCommit(repo, local);
}

/** Fetches every cache the remote has and merges each into the local cache of the same name. Returns their names. */
export function pullRecords(repo: string, remote: string, opts: { readonly policy?: AgePolicy; readonly now: Date; readonly uses?: WriteOptions['uses'] }): string[] {
  const incoming = `${INCOMING}/${remote}`;
  runGit(repo, ['fetch', '--quiet', '--no-tags', '--prune', remote, `+${RECORDS_NAMESPACE}/*:${incoming}/*`]);
  const names = runGit(repo, ['for-each-ref', '--format=%(refname)', `${incoming}/`]).toString('utf8').split('\n').filter(Boolean).map((r) => r.slice(incoming.length + 1));
  for (const name of names) {
    const theirs = refCommit(repo, `${incoming}/${name}`);
    if (theirs) writeRecords(repo, recordsRef(name), [], { merge: [theirs], policy: opts.policy, now: opts.now, ...(opts.uses ? { uses: opts.uses } : {}), message: `layerplan: pull ${remote}'s ${name} records` });
  }
  notePulled(repo, names, opts.now);
  return names;
}

/** When each cache was last pulled (ISO), kept in the git dir (`gitDir`, when the caller knows it): local state, never pushed. */
export function pulledAt(repo: string, gitDir?: string): Record<string, string> {
  try {
    const o = JSON.parse(readFileSync(pulledFile(repo, gitDir), 'utf8')) as unknown;
    return o && typeof o === 'object' ? Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
  } catch {
    return {};
  }
}

function notePulled(repo: string, names: readonly string[], now: Date): void {
  const file = pulledFile(repo);
  const next = { ...pulledAt(repo), ...Object.fromEntries(names.map((n) => [n, now.toISOString()])) };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(next, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

function pulledFile(repo: string, gitDir?: string): string {
  const dir = gitDir ?? runGit(repo, ['rev-parse', '--absolute-git-dir']).toString('utf8').trim();
  return path.join(dir, 'layerplan', 'pulled.json');
}
