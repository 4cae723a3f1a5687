/**
 * A fake Docker Engine on a unix socket that knows a few images (inspect and
 * history), and a way to run the CLI against it without blocking the event
 * loop the fake answers on (spawnSync would).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bin, repoRoot, type CliResult } from '../../_helpers/cli.js';

export interface FakeLayer {
  readonly diffId: string;
  readonly size: number;
  readonly createdBy: string;
}

export interface FakeImage {
  readonly id: string;
  /** Bottom first. */
  readonly layers: readonly FakeLayer[];
}

export interface FakeEngine {
  readonly env: Record<string, string>;
  /** Paths asked for, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startFakeEngine(images: Readonly<Record<string, FakeImage>>): Promise<FakeEngine> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lp-fake-engine-'));
  const socket = path.join(dir, 'docker.sock');
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/_ping') return void res.end('OK');
    const m = /^\/images\/([^/]+)\/(json|history)$/.exec(req.url ?? '');
    const image = m ? images[decodeURIComponent(m[1]!)] : undefined;
    if (!m || !image) return send(404, { message: 'No such image' });
    if (m[2] === 'json') {
      const size = image.layers.reduce((s, l) => s + l.size, 0);
      return send(200, { Id: image.id, RepoTags: [], RepoDigests: [], RootFS: { Type: 'layers', Layers: image.layers.map((l) => l.diffId) }, Size: size });
    }
    // Newest first, as the Engine answers; a metadata row on top, as real images have.
    const rows = [{ Id: image.id, Created: 2, CreatedBy: 'CMD ["sh"]', Tags: null, Size: 0, Comment: '' }, ...[...image.layers].reverse().map((l) => ({ Id: '<missing>', Created: 1, CreatedBy: l.createdBy, Tags: null, Size: l.size, Comment: '' }))];
    send(200, rows);
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    env: { DOCKER_HOST: `unix://${socket}` },
    requests,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs bin/layerplan in a child process, asynchronously. */
export function layerplanAsync(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', CI: 'true', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A diff id made of one repeated hex digit, easy to read in assertions. */
export const diffId = (digit: string): string => `sha256:${digit.repeat(64)}`;
