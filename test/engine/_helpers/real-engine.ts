import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { engineAvailable } from '../../../src/engine/index.js';

export const DOCKER_CLI = '/usr/bin/docker';

/** A reachable Docker Engine for integration tests, and how to let it go. */
export interface RealEngine {
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Uses DOCKER_HOST, /var/run/docker.sock or the shared /tmp/d/docker.sock
 * when one answers; else starts a throwaway dockerd (vfs, no networking) when
 * the binary is here and we are root. Returns the reason when neither works.
 */
export async function findOrStartEngine(): Promise<RealEngine | string> {
  if (!existsSync(DOCKER_CLI)) return `${DOCKER_CLI} is not installed`;
  const candidates = [process.env['DOCKER_HOST'], 'unix:///var/run/docker.sock', 'unix:///tmp/d/docker.sock'].filter((h): h is string => !!h);
  for (const host of candidates) {
    if (await engineAvailable({ DOCKER_HOST: host })) return { env: { DOCKER_HOST: host }, stop: async () => {} };
  }
  if (spawnSync('sh', ['-c', 'command -v dockerd']).status !== 0) return 'no Docker Engine answers and dockerd is not installed';
  if (process.getuid?.() !== 0) return 'no Docker Engine answers and starting dockerd needs root';
  return startDockerd();
}

async function startDockerd(): Promise<RealEngine | string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lpd-'));
  const host = `unix://${path.join(dir, 'docker.sock')}`;
  const args = ['--storage-driver=vfs', '--iptables=false', '--ip-masq=false', '--bridge=none', '--data-root', path.join(dir, 'root'), '--exec-root', path.join(dir, 'exec'), '--pidfile', path.join(dir, 'pid'), '-H', host];
  const daemon: ChildProcess = spawn('dockerd', args, { stdio: 'ignore' });
  const stop = async (): Promise<void> => {
    daemon.kill('SIGTERM');
    await new Promise((resolve) => (daemon.exitCode !== null ? resolve(null) : daemon.once('exit', resolve)));
    await rm(dir, { recursive: true, force: true });
  };
  for (let waited = 0; waited < 30_000; waited += 250) {
    if (await engineAvailable({ DOCKER_HOST: host }, { timeoutMs: 250 })) return { env: { DOCKER_HOST: host }, stop };
    if (daemon.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  return 'dockerd did not start within 30 s';
}

/** Runs the docker CLI against the engine; throws with its stderr on failure. */
export function docker(engine: RealEngine, args: readonly string[], input?: Buffer): string {
  const res = spawnSync(DOCKER_CLI, args, { env: { ...process.env, ...engine.env }, input, maxBuffer: 1 << 26 });
  if (res.status !== 0) throw new Error(`docker ${args.join(' ')} failed: ${res.stderr.toString()}`);
  return res.stdout.toString().trim();
}
