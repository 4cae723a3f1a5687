import http from 'node:http';
import { engineEndpoint, type EngineEndpoint } from './endpoint.js';
import type { BuildCacheRecord, EngineHistoryRow, EngineImage } from './types.js';

/**
 * A small Docker Engine API client over Node's http (unix socket or plain
 * tcp): no Docker CLI, no SDK. Unversioned paths, so any Engine from 1.24 on
 * answers with its own API version.
 */

export type Env = Readonly<Record<string, string | undefined>>;

export interface EngineOptions {
  /** Milliseconds before a request is given up (default 2000). */
  readonly timeoutMs?: number;
}

/** A failure to reach or use the engine, with a message for the user. */
export class EngineError extends Error {
  constructor(
    readonly kind: 'no-engine' | 'engine-error',
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

const DEFAULT_TIMEOUT_MS = 2000;

/** True when an engine answers /_ping in time. */
export async function engineAvailable(env: Env, options: EngineOptions = {}): Promise<boolean> {
  try {
    return (await request(endpointOrThrow(env), '/_ping', options)).status === 200;
  } catch {
    return false;
  }
}

/** The engine's version (`28.5.2`), or null when no engine answers. */
export async function engineVersion(env: Env, options: EngineOptions = {}): Promise<string | null> {
  try {
    const res = await request(endpointOrThrow(env), '/version', options);
    const v = (expectJson(res, 'asking the version') as Record<string, unknown>)['Version'];
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** The local image `ref` names, or null when the engine has no such image. Throws `EngineError` without an engine. */
export async function resolveImage(ref: string, env: Env, options: EngineOptions = {}): Promise<EngineImage | null> {
  const res = await request(endpointOrThrow(env), `/images/${encodeURIComponent(ref)}/json`, options);
  if (res.status === 404) return null;
  const o = expectJson(res, `inspecting ${ref}`) as Record<string, unknown>;
  const rootfs = (o['RootFS'] ?? {}) as Record<string, unknown>;
  return {
    id: String(o['Id'] ?? ''),
    repoTags: strings(o['RepoTags']),
    repoDigests: strings(o['RepoDigests']),
    diffIds: strings(rootfs['Layers']),
    size: typeof o['Size'] === 'number' ? o['Size'] : 0,
    ...(typeof o['Created'] === 'string' ? { created: o['Created'] } : {}),
    ...(typeof o['Os'] === 'string' ? { os: o['Os'] } : {}),
    ...(typeof o['Architecture'] === 'string' ? { architecture: o['Architecture'] } : {}),
  };
}

/** `docker history`, oldest first (the API answers newest first), or null when there is no such image. */
export async function imageHistory(ref: string, env: Env, options: EngineOptions = {}): Promise<EngineHistoryRow[] | null> {
  const res = await request(endpointOrThrow(env), `/images/${encodeURIComponent(ref)}/history`, options);
  if (res.status === 404) return null;
  const rows = expectJson(res, `reading the history of ${ref}`);
  if (!Array.isArray(rows)) throw new EngineError('engine-error', `the engine answered the history of ${ref} with something other than a list`);
  return rows.map((r: Record<string, unknown>): EngineHistoryRow => ({
    ...(typeof r['Id'] === 'string' && r['Id'] !== '<missing>' ? { id: r['Id'] } : {}),
    created: typeof r['Created'] === 'number' ? r['Created'] : 0,
    createdBy: typeof r['CreatedBy'] === 'string' ? r['CreatedBy'] : '',
    tags: strings(r['Tags']),
    size: typeof r['Size'] === 'number' ? r['Size'] : 0,
    comment: typeof r['Comment'] === 'string' ? r['Comment'] : '',
  })).reverse();
}

/**
 * What the builder's cache still holds (GET /system/df?type=build-cache,
 * what `docker buildx du` lists): after `docker builder prune` or garbage
 * collection the records of the pruned layers are gone.
 */
export async function buildCacheRecords(env: Env, options: EngineOptions = {}): Promise<BuildCacheRecord[]> {
  const res = await request(endpointOrThrow(env), '/system/df?type=build-cache', options);
  return buildCacheOf(expectJson(res, 'listing its build cache'));
}

/** The build-cache records of a /system/df answer (parsed JSON). */
export function buildCacheOf(answer: unknown): BuildCacheRecord[] {
  const o = (answer ?? {}) as { BuildCache?: unknown };
  const rows = Array.isArray(o.BuildCache) ? (o.BuildCache as Record<string, unknown>[]) : [];
  return rows.map((r) => ({
    type: typeof r['Type'] === 'string' ? r['Type'] : '',
    description: typeof r['Description'] === 'string' ? r['Description'] : '',
    createdAt: typeof r['CreatedAt'] === 'string' ? r['CreatedAt'] : '',
    lastUsedAt: typeof r['LastUsedAt'] === 'string' ? r['LastUsedAt'] : null,
    size: typeof r['Size'] === 'number' ? r['Size'] : 0,
  }));
}

/**
 * Streams `docker save` of one image (GET /images/get). The stream is the
 * response body; it is not buffered. Null when the engine has no such image.
 */
export async function exportImage(ref: string, env: Env): Promise<http.IncomingMessage | null> {
  const endpoint = endpointOrThrow(env);
  const res = await open(endpoint, `/images/get?names=${encodeURIComponent(ref)}`, {});
  if (res.statusCode === 200) return res;
  const body = await readAll(res);
  if (res.statusCode === 404) return null;
  throw new EngineError('engine-error', `the Docker Engine could not export ${ref}: ${errorMessage(body)}`);
}

interface Response {
  readonly status: number;
  readonly body: Buffer;
}

function endpointOrThrow(env: Env): EngineEndpoint {
  const endpoint = engineEndpoint(env);
  if (typeof endpoint === 'string') throw new EngineError('no-engine', endpoint);
  return endpoint;
}

async function request(endpoint: EngineEndpoint, path: string, options: EngineOptions): Promise<Response> {
  const res = await open(endpoint, path, options);
  return { status: res.statusCode ?? 0, body: await readAll(res) };
}

/** Sends a GET; the timeout covers connecting and the response headers. */
function open(endpoint: EngineEndpoint, path: string, options: EngineOptions): Promise<http.IncomingMessage> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const target = endpoint.kind === 'unix' ? { socketPath: endpoint.socketPath } : { host: endpoint.host, port: endpoint.port };
  return new Promise((resolve, reject) => {
    const req = http.get({ ...target, path, headers: { host: 'docker' } }, (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    const timer = setTimeout(() => {
      req.destroy(new EngineError('no-engine', `the Docker Engine at ${endpoint.display} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(err instanceof EngineError ? err : new EngineError('no-engine', unreachable(endpoint, err)));
    });
  });
}

function unreachable(endpoint: EngineEndpoint, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT': return `no Docker Engine at ${endpoint.display} (no such socket)`;
    case 'ECONNREFUSED': return `no Docker Engine at ${endpoint.display} (connection refused)`;
    case 'EACCES': return `no permission to use the Docker Engine socket ${endpoint.display}`;
    default: return `could not reach the Docker Engine at ${endpoint.display}: ${err.message}`;
  }
}

async function readAll(res: http.IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of res) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

function expectJson(res: Response, doing: string): unknown {
  if (res.status !== 200) throw new EngineError('engine-error', `the Docker Engine failed ${doing}: ${errorMessage(res.body)} (HTTP ${res.status})`);
  try {
    return JSON.parse(res.body.toString('utf8'));
  } catch {
    throw new EngineError('engine-error', `the Docker Engine answered ${doing} with something other than JSON`);
  }
}

function errorMessage(body: Buffer): string {
  try {
    const o = JSON.parse(body.toString('utf8')) as { message?: unknown };
    if (typeof o.message === 'string') return o.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.toString('utf8').trim().slice(0, 200);
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}
