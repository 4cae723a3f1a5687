/**
 * Build records kept in git, so a team's builds travel with `git push` and
 * `git fetch` and the repository's own auth. One ref per cache name,
 * refs/layerplan/<name>, points at a commit whose tree holds one blob per
 * record at records/<time>-<digest>.json and one per file selection at
 * selections/<digest>.json (a 20,000-file `COPY . .` is ~700 KB of
 * fingerprints: kept once for every build that read the same files, and
 * read only when a miss is explained). Every path comes from its content,
 * so two sets of records merge by the union of their trees, and the time in
 * a record's name lets old records age out without reading them.
 * The commits are not part of any branch: a shallow clone fetches them with
 * `git fetch origin 'refs/layerplan/*:refs/layerplan/*'`, and gc keeps them.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { GitError, runGit, runGitAsync, tryGit, tryGitAsync } from './run-git.js';
import { parseTree, type CatFileBatch } from './records-batch.js';
import { byCodeUnits } from '../lang/string-order.js';

export const RECORDS_NAMESPACE = 'refs/layerplan';
const DIR = 'records';
const SELECTIONS = 'selections';

/** A record as stored: its path in the tree and its bytes. */
export interface StoredRecord {
  /** `<time>-<digest>.json`: time as yyyymmddThhmmssZ, digest the first 20 hex of the content's sha256. */
  readonly name: string;
  readonly body: Buffer;
}

/** A selection as stored: `<digest>.json`, the per-file fingerprints behind a selection digest. */
export type StoredSelection = StoredRecord;

/** Which records to keep when writing: the newest `count`, and none older than `maxAgeSeconds`. */
export interface AgePolicy {
  readonly count?: number;
  readonly maxAgeSeconds?: number;
}

/** A name refs/layerplan/<name> may have: letters, digits, '.', '_' and '-', as git allows in a ref. */
export function isCacheName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) && !name.endsWith('.lock') && !name.includes('..');
}

export function recordsRef(name: string): string {
  if (!isCacheName(name)) {
    throw new GitError(`"${name}" is not a usable cache name: use letters, digits, '.', '_' and '-' (for example ci or main)`, []);
  }
  return `${RECORDS_NAMESPACE}/${name}`;
}

/** The stored name of a record made at `time` (ISO) with this content. */
export function recordName(time: string, body: Buffer): string {
  const stamp = time.replace(/\.\d+/, '').replace(/[-:]/g, '');
  return `${stamp}-${createHash('sha256').update(body).digest('hex').slice(0, 20)}.json`;
}

/** The records under a ref, oldest first; none when the ref does not exist. */
export function readRecords(repo: string, ref: string): StoredRecord[] {
  return readListed(repo, listRecords(repo, ref));
}

/**
 * The records under a ref, oldest first, or null when the ref does not exist; without blocking, so other git
 * reads (the index) run beside it. With `batch`, its cat-file reads the ref's tree and the records (and stays
 * open for the caller's later reads); without, `ls-tree` and one `cat-file`.
 */
export async function readRecordsIfAny(repo: string, ref: string, batch?: CatFileBatch): Promise<StoredRecord[] | null> {
  if (batch) {
    const [root, folder] = await batch.read([`${ref}^{tree}`, `${ref}^{tree}:${DIR}`]);
    if (!root) return null;
    if (!folder) return [];
    const listed = parseTree(folder, batch.idLength / 2).filter((e) => e.mode === '100644').map((e) => ({ name: e.name, blob: e.oid })).sort(byName);
    const bodies = await batch.read(listed.map((l) => l.blob));
    return listed.flatMap((l, i) => (bodies[i] ? [{ name: l.name, body: bodies[i] as Buffer }] : []));
  }
  const tree = await tryGitAsync(repo, ['ls-tree', '-z', `${ref}^{tree}`, `${DIR}/`]);
  if (tree === null) return null;
  const listed = parseListing(tree, DIR);
  return listed.length ? parseBatch(await runGitAsync(repo, ['cat-file', '--batch'], batchInput(listed)), listed) : [];
}

/**
 * The body of each digest's stored selection under a ref, null where it has none: one `git cat-file`
 * naming `<ref>:selections/<digest>.json`, without listing the folder first.
 */
export function readSelectionsAt(repo: string, ref: string, digests: readonly string[]): (Buffer | null)[] {
  return digests.length ? parseNamedBatch(runGit(repo, ['cat-file', '--batch'], selectionNames(ref, digests)), digests.length) : [];
}

/** readSelectionsAt without blocking: git reads them while the caller works (through `batch` when given). */
export async function readSelectionsAtAsync(repo: string, ref: string, digests: readonly string[], batch?: CatFileBatch): Promise<(Buffer | null)[]> {
  if (batch) return batch.read(digests.map((d) => `${ref}:${SELECTIONS}/${d}.json`));
  return digests.length ? parseNamedBatch(await runGitAsync(repo, ['cat-file', '--batch'], selectionNames(ref, digests)), digests.length) : [];
}

function selectionNames(ref: string, digests: readonly string[]): string {
  return digests.map((d) => `${ref}:${SELECTIONS}/${d}.json\n`).join('');
}

/** `cat-file --batch` output for `count` names asked, some perhaps missing. */
function parseNamedBatch(out: Buffer, count: number): (Buffer | null)[] {
  const bodies: (Buffer | null)[] = [];
  let at = 0;
  for (let i = 0; i < count && at < out.length; i++) {
    const eol = out.indexOf(10, at);
    const [, type, size] = out.subarray(at, eol < 0 ? out.length : eol).toString('latin1').split(' ');
    if (eol < 0 || type !== 'blob' || size === undefined) {
      // `<name> missing` (or ambiguous): a header line without contents.
      bodies.push(null);
      at = eol < 0 ? out.length : eol + 1;
      continue;
    }
    bodies.push(out.subarray(eol + 1, eol + 1 + Number(size)));
    at = eol + 1 + Number(size) + 1;
  }
  while (bodies.length < count) bodies.push(null);
  return bodies;
}

/** The stored selections of these digests under a ref (those it has). */
export function readSelections(repo: string, ref: string, digests: Iterable<string>): StoredSelection[] {
  const wanted = new Set([...digests].map((d) => `${d}.json`));
  return readListed(repo, listRecords(repo, ref, SELECTIONS).filter((l) => wanted.has(l.name)));
}

function readListed(repo: string, names: readonly Listed[]): StoredRecord[] {
  if (!names.length) return [];
  return parseBatch(runGit(repo, ['cat-file', '--batch'], batchInput(names)), names);
}

function batchInput(names: readonly Listed[]): string {
  return names.map((n) => `${n.blob}\n`).join('');
}

/** `cat-file --batch` output for blobs that all exist, in the order asked. */
function parseBatch(out: Buffer, names: readonly Listed[]): StoredRecord[] {
  const bodies: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < names.length; i++) {
    const eol = out.indexOf(10, at);
    const size = Number(out.subarray(at, eol).toString('latin1').split(' ')[2]);
    bodies.push(out.subarray(eol + 1, eol + 1 + size));
    at = eol + 1 + size + 1;
  }
  return names.map((n, i) => ({ name: n.name, body: bodies[i]! }));
}

interface Listed {
  readonly name: string;
  readonly blob: string;
}

function listRecords(repo: string, ref: string, dir = DIR): Listed[] {
  return tryListRecords(repo, ref, dir) ?? [];
}

/** null: no such ref. */
function tryListRecords(repo: string, ref: string, dir = DIR): Listed[] | null {
  const tree = tryGit(repo, ['ls-tree', '-z', `${ref}^{tree}`, `${dir}/`]);
  return tree ? parseListing(tree, dir) : null;
}

/** `ls-tree -z` rows of one folder, by name. */
function parseListing(tree: Buffer, dir: string): Listed[] {
  return tree.toString('utf8').split('\0').filter(Boolean).flatMap((row) => {
    const [meta, file] = row.split('\t');
    const blob = meta?.split(' ')[2];
    return blob && file ? [{ name: file.slice(dir.length + 1), blob }] : [];
  }).sort(byName);
}

/** Names start with their time (recordName): string order is oldest first. */
function byName(a: Listed, b: Listed): number {
  return byCodeUnits(a.name, b.name);
}

/** The commit a ref points at, or null. */
export function refCommit(repo: string, ref: string): string | null {
  return tryGit(repo, ['rev-parse', '--verify', '-q', `${ref}^{commit}`])?.toString('utf8').trim() || null;
}

export interface WriteOptions {
  readonly policy?: AgePolicy;
  /** Other commits of the same ref whose records and selections join the union. */
  readonly merge?: readonly string[];
  readonly now: Date;
  readonly message: string;
  /** Selections to add beside the records. */
  readonly selections?: readonly StoredSelection[];
  /** The selection digests the kept records read; absent: every selection stays (a merge that does not read records). */
  readonly uses?: (records: readonly StoredRecord[]) => ReadonlySet<string>;
}

/**
 * Adds records (and their selections) to the ref, as a new commit on the old
 * one with `merge` commits as further parents, drops what the policy ages
 * out, and moves the ref only if nobody moved it meanwhile (update-ref's
 * old-value check). Returns the new commit, or the old one when nothing changed.
 */
export function writeRecords(repo: string, ref: string, add: readonly StoredRecord[], opts: WriteOptions): string | null {
  const old = refCommit(repo, ref);
  const heads = [old, ...(opts.merge ?? [])].filter((h): h is string => !!h);
  const records = union(repo, heads, DIR, add);
  const selections = union(repo, heads, SELECTIONS, opts.selections ?? []);
  const kept = applyPolicy([...records.keys()].sort(), opts.policy, opts.now).map((name) => ({ name, blob: records.get(name)! }));
  const used = opts.uses?.(readListed(repo, kept));
  const keptSelections = [...selections].filter(([name]) => !used || used.has(name.replace(/\.json$/, ''))).map(([name, blob]) => ({ name, blob }));
  const tree = writeTree(repo, [...kept.map((e) => ({ ...e, name: `${DIR}/${e.name}` })), ...keptSelections.map((e) => ({ ...e, name: `${SELECTIONS}/${e.name}` }))]);
  const parents = heads.filter((p) => refTree(repo, p) !== null);
  if (old && refTree(repo, old) === tree && (opts.merge ?? []).every((m) => isAncestor(repo, m, old))) return old;
  const commit = runGit(repo, ['commit-tree', tree, ...[...new Set(parents)].flatMap((p) => ['-p', p]), '-m', opts.message], undefined, commitEnv()).toString('utf8').trim();
  runGit(repo, ['update-ref', ref, commit, old ?? '0'.repeat(40)]);
  return commit;
}

/** name → blob of one folder across the heads, with `add` written as blobs (an existing name is the same content). */
function union(repo: string, heads: readonly string[], dir: string, add: readonly StoredRecord[]): Map<string, string> {
  const byName = new Map<string, string>();
  for (const head of heads) for (const r of listRecords(repo, head, dir)) byName.set(r.name, r.blob);
  const fresh = add.filter((r) => !byName.has(r.name));
  const blobs = fresh.length ? hashObjects(repo, fresh.map((r) => r.body)) : [];
  fresh.forEach((r, i) => byName.set(r.name, blobs[i]!));
  return byName;
}

/** Writes blobs with one `git hash-object` per batch (a build may bring dozens of selections). */
function hashObjects(repo: string, bodies: readonly Buffer[]): string[] {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'lp-blobs-'));
  try {
    const files = bodies.map((b, i) => {
      const f = path.join(tmp, String(i));
      writeFileSync(f, b);
      return f;
    });
    return runGit(repo, ['hash-object', '-w', '--stdin-paths'], `${files.join('\n')}\n`).toString('utf8').trim().split('\n');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Names to keep, oldest first: the newest `count`, none older than `maxAgeSeconds` (names start with their time). */
export function applyPolicy(names: readonly string[], policy: AgePolicy | undefined, now: Date): string[] {
  let kept = [...names];
  if (policy?.maxAgeSeconds !== undefined) {
    const cutoff = recordName(new Date(now.getTime() - policy.maxAgeSeconds * 1000).toISOString(), Buffer.alloc(0)).slice(0, 16);
    kept = kept.filter((n) => n.slice(0, 16) >= cutoff);
  }
  if (policy?.count !== undefined) kept = kept.slice(Math.max(0, kept.length - policy.count));
  return kept;
}

function refTree(repo: string, commit: string): string | null {
  return tryGit(repo, ['rev-parse', '--verify', '-q', `${commit}^{tree}`])?.toString('utf8').trim() || null;
}

function isAncestor(repo: string, a: string, b: string): boolean {
  return spawnSync('git', ['merge-base', '--is-ancestor', a, b], { cwd: repo }).status === 0;
}

/** A two-level tree (records/<name>, selections/<name>) built in a private index, so the user's index and work tree are never touched. */
function writeTree(repo: string, entries: readonly Listed[]): string {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'lp-records-'));
  try {
    const env = { GIT_INDEX_FILE: path.join(tmp, 'index') };
    const info = entries.map((e) => `100644 ${e.blob}\t${e.name}\n`).join('');
    runGit(repo, ['update-index', '--add', '--index-info'], info, env);
    return runGit(repo, ['write-tree'], undefined, env).toString('utf8').trim();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** commit-tree needs an identity; CI machines often have none configured, so layerplan signs its own record commits. */
function commitEnv(): Record<string, string> {
  return { GIT_AUTHOR_NAME: 'layerplan', GIT_AUTHOR_EMAIL: 'layerplan@localhost', GIT_COMMITTER_NAME: 'layerplan', GIT_COMMITTER_EMAIL: 'layerplan@localhost' };
}
