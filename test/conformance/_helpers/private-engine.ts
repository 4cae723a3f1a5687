/**
 * A Docker Engine 28.5 of the test's own: the binaries ../shared/builders/setup-docker.sh unpacked into /tmp/d28,
 * started with its own data-root, exec-root, socket and Docker config under a fresh /tmp folder. `docker builder
 * prune -af` there wipes nothing but this test's cache (on the shared /tmp/d28 engine it would wipe every other
 * user's). busybox:local is imported from /tmp/bb/rootfs as setup-docker.sh does.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { engineAvailable } from '../../../src/engine/index.js';

const D28 = '/tmp/d28';
const ROOTFS = '/tmp/bb/rootfs';

export interface PrivateEngine {
  /** DOCKER_HOST, DOCKER_CONFIG and LAYERPLAN_DOCKER for this engine. */
  readonly env: Record<string, string>;
  readonly socket: string;
  /** Runs the Docker CLI against this engine. */
  docker(args: readonly string[], env?: Record<string, string>): { status: number | null; stdout: string; stderr: string };
  stop(): Promise<void>;
}

/** What the machine lacks to start one, or null. */
export function privateEngineMissing(): string | null {
  if (process.getuid?.() !== 0) return 'a private dockerd needs root';
  for (const f of ['bin/dockerd', 'bin/containerd', 'bin/docker', 'cfg/cli-plugins/docker-buildx']) {
    if (!existsSync(path.join(D28, f))) return `${D28}/${f} is absent (run ../shared/builders/setup-docker.sh)`;
  }
  if (!existsSync(path.join(ROOTFS, 'bin', 'busybox'))) return `${ROOTFS} is absent (run ../shared/builders/setup-docker.sh)`;
  return null;
}

export async function startPrivateEngine(): Promise<PrivateEngine> {
  const root = mkdtempSync('/tmp/lp-dockerd-');
  const socket = path.join(root, 'docker.sock');
  const cfg = path.join(root, 'cfg');
  mkdirSync(path.join(cfg, 'cli-plugins'), { recursive: true });
  cpSync(path.join(D28, 'cfg', 'cli-plugins', 'docker-buildx'), path.join(cfg, 'cli-plugins', 'docker-buildx'));
  const env = { DOCKER_HOST: `unix://${socket}`, DOCKER_CONFIG: cfg, LAYERPLAN_DOCKER: path.join(D28, 'bin', 'docker') };
  const daemon = spawn(path.join(D28, 'bin', 'dockerd'), [
    '--storage-driver=vfs', '--iptables=false', '--ip-masq=false', '--bridge=none',
    '--data-root', path.join(root, 'data'), '--exec-root', path.join(root, 'exec'), '--pidfile', path.join(root, 'dockerd.pid'), '-H', env.DOCKER_HOST,
  ], { env: { ...process.env, PATH: `${D28}/bin:${process.env.PATH ?? ''}` }, stdio: 'ignore', detached: true });
  daemon.unref();
  const docker: PrivateEngine['docker'] = (args, extra = {}) => {
    const r = spawnSync(env.LAYERPLAN_DOCKER, [...args], { encoding: 'utf8', env: { ...process.env, ...env, ...extra } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const stop = async (): Promise<void> => {
    const pid = Number(readFileSafe(path.join(root, 'dockerd.pid')) || daemon.pid);
    if (pid) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    for (let i = 0; i < 100 && existsSync(socket); i++) await sleep(100);
    // vfs keeps a full copy per layer: the engine's folder goes with it.
    if (!existsSync(socket)) rmSync(root, { recursive: true, force: true });
  };
  for (let i = 0; i < 60 && !(await engineAvailable(env, { timeoutMs: 500 })); i++) await sleep(500);
  if (!(await engineAvailable(env))) {
    await stop();
    throw new Error(`the private dockerd under ${root} did not answer within 30 s`);
  }
  const tar = spawnSync('tar', ['-C', ROOTFS, '-c', '.'], { maxBuffer: 64 * 1024 * 1024 });
  const imported = spawnSync(env.LAYERPLAN_DOCKER, ['import', '-', 'busybox:local'], { input: tar.stdout, env: { ...process.env, ...env } });
  if (imported.status !== 0) {
    await stop();
    throw new Error(`docker import busybox:local failed: ${String(imported.stderr)}`);
  }
  return { env, socket, docker, stop };
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
