/**
 * Runs a real builder: asks it what it is (and whether it answers), then runs
 * the build, reading both of its output streams line by line and stamping
 * each line with the time it arrived (buildah prints no durations).
 */
import { spawn } from 'node:child_process';
import type { BuilderCommand, BuilderName } from './command.js';
import { missingBuilderHelp } from './command.js';

export interface BuilderInfo {
  readonly builder: BuilderName;
  /** "docker 28.5.2, buildx 0.29.1", "buildah 1.43.2"; null when it did not say. */
  readonly version: string | null;
  readonly hasBuildx: boolean;
}

/** The builder is not there, or its engine does not answer: `message` says what to install or set. */
export class BuilderUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuilderUnavailable';
  }
}

interface Captured {
  readonly status: number | null;
  readonly out: string;
  readonly missing: boolean;
}

function capture(program: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Captured> {
  return new Promise((resolve) => {
    let out = '';
    let child;
    try {
      child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    } catch {
      resolve({ status: null, out: '', missing: true });
      return;
    }
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (err: NodeJS.ErrnoException) => resolve({ status: null, out: err.message, missing: err.code === 'ENOENT' || err.code === 'EACCES' }));
    child.on('close', (status) => resolve({ status, out, missing: status === 127 }));
  });
}

export async function probeBuilder(builder: BuilderName, program: string, env: NodeJS.ProcessEnv): Promise<BuilderInfo> {
  if (builder !== 'docker') {
    const v = await capture(program, ['--version'], env, 20_000);
    if (v.missing) throw new BuilderUnavailable(missingBuilderHelp(builder, program, 'not-installed', v.out));
    return { builder, version: /version (\S+)/.exec(v.out) ? `${builder} ${/version (\S+)/.exec(v.out)?.[1]}` : null, hasBuildx: false };
  }
  const [server, buildx] = await Promise.all([
    capture(program, ['version', '--format', '{{.Server.Version}}'], env, 20_000),
    capture(program, ['buildx', 'version'], env, 20_000),
  ]);
  if (server.missing) throw new BuilderUnavailable(missingBuilderHelp(builder, program, 'not-installed', server.out));
  if (server.status !== 0) {
    const detail = server.out.split('\n').map((l) => l.trim()).find((l) => /cannot connect|error|refused|no such file/i.test(l)) ?? `docker version exited ${server.status}`;
    throw new BuilderUnavailable(missingBuilderHelp(builder, program, 'unreachable', detail.replace(/\.$/, '')));
  }
  const hasBuildx = buildx.status === 0;
  const engine = server.out.trim().split('\n').pop()?.trim();
  const bx = hasBuildx ? /\s(v?\d+\.\d+\S*)/.exec(buildx.out)?.[1] : undefined;
  return { builder, version: `docker ${engine ?? '?'}${bx ? `, buildx ${bx.replace(/\+.*$/, '')}` : ''}`, hasBuildx };
}

export interface BuildOutput {
  /** Both streams, line by line in arrival order. */
  readonly text: string;
  /** When each line of `text` arrived (ms since the epoch). */
  readonly times: readonly number[];
}

export interface FinishedBuild extends BuildOutput {
  readonly exitStatus: number;
  /** Stopped by a signal we sent (Ctrl-C). */
  readonly interrupted: boolean;
  readonly seconds: number;
}

export interface RunningBuild {
  readonly done: Promise<FinishedBuild>;
  /** Stops the builder (SIGINT, as Ctrl-C in a terminal would; SIGKILL if it lingers). */
  stop(): void;
}

/** `clock`: milliseconds, the caller's (injected, so a test can replay a build's timing). */
export function runBuild(cmd: BuilderCommand, env: NodeJS.ProcessEnv, clock: () => number, onOutput?: (o: BuildOutput) => void): RunningBuild {
  const started = clock();
  const lines: string[] = [];
  const times: number[] = [];
  let stopped = false;
  const child = spawn(cmd.program, cmd.args, { env: { ...env, ...cmd.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const reader = (): ((d: Buffer) => void) => {
    let rest = '';
    return (d) => {
      const parts = (rest + d.toString()).split('\n');
      rest = parts.pop() ?? '';
      const now = clock();
      for (const p of parts) {
        lines.push(p);
        times.push(now);
      }
      if (parts.length) onOutput?.({ text: lines.join('\n'), times });
    };
  };
  child.stdout.on('data', reader());
  child.stderr.on('data', reader());
  const done = new Promise<FinishedBuild>((resolve, reject) => {
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'ENOENT' ? new BuilderUnavailable(missingBuilderHelp(cmd.program.includes('buildah') ? 'buildah' : cmd.program.includes('podman') ? 'podman' : 'docker', cmd.program, 'not-installed', err.message)) : err);
    });
    child.on('close', (status, signal) => {
      resolve({ text: lines.join('\n'), times, exitStatus: status ?? (signal ? 128 + 2 : 1), interrupted: stopped, seconds: (clock() - started) / 1000 });
    });
  });
  return {
    done,
    stop() {
      if (stopped) return;
      stopped = true;
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    },
  };
}
