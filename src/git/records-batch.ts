/**
 * One `git cat-file --batch` kept open for a run's reads of the shared
 * records: the ref's tree, the records, the selections a plan needs and a
 * Dockerfile's blob are asked for in turn as each becomes known, instead of
 * one git process (and its start) per read. Names are anything cat-file
 * takes (`<ref>:<path>`, a blob id); answers come back in the order asked.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { errorCode } from '../lang/error-code.js';
import { GitError } from './run-git.js';

interface Pending {
  readonly bodies: (Buffer | null)[];
  readonly count: number;
  readonly resolve: (bodies: (Buffer | null)[]) => void;
  readonly reject: (err: Error) => void;
}

export class CatFileBatch {
  private child: ChildProcessWithoutNullStreams | null = null;
  private readonly queue: Pending[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The object being read: its size, once its header is in. */
  private size: number | null = null;
  private failure: Error | null = null;
  private readonly stderr: Buffer[] = [];
  /** Hex digits of the object ids git answered with: 40 (sha1) or 64 (sha256). */
  idLength = 40;

  constructor(private readonly repo: string) {}

  /** The objects' bytes (null where git has none of that name), in the order named. */
  read(names: readonly string[]): Promise<(Buffer | null)[]> {
    if (!names.length) return Promise.resolve([]);
    if (names.some((n) => n.includes('\n'))) return Promise.reject(new GitError('git cat-file: a name with a newline', ['cat-file', '--batch']));
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.queue.push({ bodies: [], count: names.length, resolve, reject });
      this.start().stdin.write(`${names.join('\n')}\n`);
    });
  }

  /** Lets git exit; reads still queued are answered first. */
  close(): void {
    this.child?.stdin.end();
    this.child = null;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.repo, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' }, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => this.take(chunk));
    child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    child.on('error', (err) => this.fail(new GitError(errorCode(err) === 'ENOENT' ? 'git is not installed or not on PATH' : err.message, ['cat-file', '--batch'])));
    child.on('close', (status) => {
      if (this.queue.length) this.fail(new GitError(`git cat-file: ${Buffer.concat(this.stderr).toString('utf8').trim().split('\n')[0] || `exit status ${status}`}`, ['cat-file', '--batch']));
    });
    // An error writing to a git that already failed is reported by 'close'.
    child.stdin.on('error', () => undefined);
    this.child = child;
    return child;
  }

  private fail(err: Error): void {
    this.failure = err;
    for (const p of this.queue.splice(0)) p.reject(err);
  }

  /** `<oid> <type> <size>\n<contents>\n` per object, or `<name> missing\n` (or `ambiguous`). */
  private take(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      const p = this.queue[0];
      if (!p) return;
      // Chunks of a large object are joined once it is all in, not as each arrives.
      if (this.size !== null && this.buffered < this.size + 1) return;
      const data = this.joined();
      if (this.size === null) {
        const eol = data.indexOf(0x0a);
        if (eol < 0) return;
        const [oid, type, size] = data.subarray(0, eol).toString('latin1').split(' ');
        this.consume(data, eol + 1);
        if (size === undefined || type === 'missing' || type === 'ambiguous') {
          this.answer(p, null);
        } else {
          this.size = Number(size);
          this.idLength = oid?.length ?? 40;
        }
        continue;
      }
      const body = data.subarray(0, this.size);
      this.consume(data, this.size + 1);
      this.size = null;
      this.answer(p, body);
    }
  }

  private joined(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] as Buffer;
  }

  private consume(data: Buffer, n: number): void {
    const rest = data.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
  }

  private answer(p: Pending, body: Buffer | null): void {
    p.bodies.push(body);
    if (p.bodies.length < p.count) return;
    this.queue.shift();
    p.resolve(p.bodies);
  }
}

/** A raw tree object's entries (`<mode> <name>\0<binary id>`), by name; `idBytes` 20 (sha1) or 32 (sha256). */
export function parseTree(body: Buffer, idBytes: number): { readonly mode: string; readonly name: string; readonly oid: string }[] {
  const out: { mode: string; name: string; oid: string }[] = [];
  for (let at = 0; at < body.length; ) {
    const space = body.indexOf(0x20, at);
    const nul = body.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 1 + idBytes > body.length) break;
    out.push({ mode: body.subarray(at, space).toString('latin1'), name: body.subarray(space + 1, nul).toString('utf8'), oid: body.subarray(nul + 1, nul + 1 + idBytes).toString('hex') });
    at = nul + 1 + idBytes;
  }
  return out;
}
