/**
 * The builds the engine made that layerplan did not run. BuildKit keeps a
 * record of every build (`docker buildx history`, buildx >= 0.21); buildx
 * keeps beside it, per build, where the context and the Dockerfile were on
 * this machine ($DOCKER_CONFIG/buildx/refs/<builder>/<node>/<ref>). The
 * second is a local read, so finding the builds of one context costs no
 * engine call; only the build that will be compared with is inspected, with
 * the Docker CLI, which speaks the history API (gRPC) for us.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { dockerConfigDir, type Env } from './endpoint.js';

/** buildx's local note of one build: where it ran from. */
export interface LocalBuildRef {
  /** builder/node/ref, as `docker buildx history` names it. */
  readonly ref: string;
  readonly contextDir: string;
  /** Absolute path; null: the context's Dockerfile (buildx writes ""). */
  readonly dockerfile: string | null;
  /** When buildx wrote the note (the build's start), ms since the epoch. */
  readonly writtenMs: number;
}

export type EngineBuildStatus = 'completed' | 'error' | 'canceled' | 'running';

/** One build as `docker buildx history inspect --format json` tells it. */
export interface EngineBuild {
  readonly ref: string;
  readonly name: string;
  readonly target: string | null;
  readonly buildArgs: ReadonlyMap<string, string>;
  readonly startedAt: string;
  readonly completedAt: string | null;
  readonly status: EngineBuildStatus;
  readonly network: string | null;
  /** Base images the build resolved: the URI as BuildKit wrote it (pkg:docker/NAME@TAG?platform=…) and its digest. */
  readonly materials: readonly { readonly uri: string; readonly digest: string | null }[];
}

/** Runs the Docker CLI; injected so tests replay recorded answers. */
export type RunDocker = (args: readonly string[], env: Env) => Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }>;

export class HistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoryError';
  }
}

/** Every build buildx noted on this machine, newest first. Missing or unreadable state is no builds. */
export function localBuildRefs(env: Env): LocalBuildRef[] {
  const root = join(dockerConfigDir(env), 'buildx', 'refs');
  const out: LocalBuildRef[] = [];
  for (const builder of list(root)) {
    for (const node of list(join(root, builder))) {
      for (const id of list(join(root, builder, node))) {
        const file = join(root, builder, node, id);
        const ref = readRef(`${builder}/${node}/${id}`, file);
        if (ref) out.push(ref);
      }
    }
  }
  return out.sort((a, b) => b.writtenMs - a.writtenMs);
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => !n.startsWith('.'));
  } catch {
    return [];
  }
}

function readRef(ref: string, file: string): LocalBuildRef | null {
  try {
    const st = statSync(file);
    if (!st.isFile() || st.size > 64 * 1024) return null;
    return parseLocalRef(ref, readFileSync(file, 'utf8'), st.mtimeMs);
  } catch {
    return null;
  }
}

/** buildx's note: {"LocalPath": "/ctx", "DockerfilePath": "/ctx/x.Dockerfile" | ""}; a note for a bake group has no LocalPath. */
export function parseLocalRef(ref: string, json: string, writtenMs: number): LocalBuildRef | null {
  try {
    const o = JSON.parse(json) as { LocalPath?: unknown; DockerfilePath?: unknown };
    if (typeof o.LocalPath !== 'string' || !isAbsolute(o.LocalPath)) return null;
    const file = typeof o.DockerfilePath === 'string' && o.DockerfilePath && o.DockerfilePath !== '-' ? o.DockerfilePath : null;
    return { ref, contextDir: o.LocalPath, dockerfile: file, writtenMs };
  } catch {
    return null;
  }
}

/** The newest noted build of this context and Dockerfile (the default Dockerfile matches a note without one). */
export function latestBuildOf(refs: readonly LocalBuildRef[], contextDir: string, dockerfile: string): LocalBuildRef | null {
  const defaults = ['Dockerfile', 'Containerfile'].map((n) => join(contextDir, n));
  return refs.find((r) => samePath(r.contextDir, contextDir) && (r.dockerfile ? samePath(r.dockerfile, dockerfile) : defaults.includes(dockerfile))) ?? null;
}

function samePath(a: string, b: string): boolean {
  return resolve(a) === resolve(b);
}

/** `docker buildx history inspect REF --format json`, read. */
export function parseHistoryInspect(ref: string, json: string): EngineBuild {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch {
    throw new HistoryError(`docker buildx history inspect ${ref} did not answer JSON`);
  }
  const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
  const args = Array.isArray(o['BuildArgs']) ? (o['BuildArgs'] as { Name?: unknown; Value?: unknown }[]) : [];
  const config = (o['Config'] ?? {}) as Record<string, unknown>;
  const materials = Array.isArray(o['Materials']) ? (o['Materials'] as { URI?: unknown; Digests?: unknown }[]) : [];
  return {
    ref,
    name: str(o['Name']) ?? ref,
    target: str(o['Target']),
    buildArgs: new Map(args.flatMap((a) => (typeof a.Name === 'string' ? [[a.Name, typeof a.Value === 'string' ? a.Value : ''] as const] : []))),
    startedAt: str(o['StartedAt']) ?? '',
    completedAt: str(o['CompletedAt']),
    status: statusOf(str(o['Status'])),
    network: str(config['Network']),
    materials: materials.flatMap((m) => (typeof m.URI === 'string' ? [{ uri: m.URI, digest: Array.isArray(m.Digests) && typeof m.Digests[0] === 'string' ? m.Digests[0] : null }] : [])),
  };
}

function statusOf(s: string | null): EngineBuildStatus {
  switch (s?.toLowerCase()) {
    case 'completed': return 'completed';
    case 'error': case 'failed': return 'error';
    case 'canceled': case 'cancelled': return 'canceled';
    default: return 'running';
  }
}

/** The build's record and its plain log (the `#N CACHED` lines say which steps hit), through the Docker CLI. */
export async function readEngineBuild(ref: string, env: Env, run: RunDocker = runDocker): Promise<{ build: EngineBuild; log: string }> {
  const id = ref.split('/').pop() ?? ref;
  const [inspect, logs] = await Promise.all([run(['buildx', 'history', 'inspect', id, '--format', 'json'], env), run(['buildx', 'history', 'logs', id], env)]);
  if (inspect.code !== 0) throw new HistoryError(`docker buildx history inspect ${id} failed: ${firstLine(inspect.stderr)}`);
  if (logs.code !== 0) throw new HistoryError(`docker buildx history logs ${id} failed: ${firstLine(logs.stderr)}`);
  return { build: parseHistoryInspect(ref, inspect.stdout), log: logs.stdout + logs.stderr };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] || 'no message';
}

/** The Docker CLI named by LAYERPLAN_DOCKER (default `docker` on PATH), with a time limit so a stuck engine cannot hang a plan. */
export const runDocker: RunDocker = (args, env) => new Promise((settle) => {
  const cli = env['LAYERPLAN_DOCKER'] || 'docker';
  execFile(cli, [...args], { env: env as NodeJS.ProcessEnv, timeout: 10_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
    const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? Number((err as NodeJS.ErrnoException).code) : 127) : 0;
    settle({ code, stdout: String(stdout), stderr: err && !stderr ? err.message : String(stderr) });
  });
});

/**
 * The buildx builder `docker buildx build` uses when it is not the engine's own
 * (`docker buildx use NAME` with another driver, such as docker-container): its
 * cache is not the one GET /system/df lists. null: the engine's builder.
 */
export function otherBuildxBuilder(env: Env): string | null {
  const root = join(dockerConfigDir(env), 'buildx');
  const name = env['BUILDX_BUILDER'] || jsonField(join(root, 'current'), 'Name');
  if (!name || name === 'default') return null;
  const nodes = readJson(join(root, 'instances', name))?.['Driver'];
  return nodes === 'docker' ? null : name;
}

function jsonField(file: string, field: string): string | null {
  const v = readJson(file)?.[field];
  return typeof v === 'string' ? v : null;
}

function readJson(file: string): Record<string, unknown> | null {
  try {
    const o: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return o && typeof o === 'object' ? (o as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
