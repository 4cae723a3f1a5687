import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { homeDir } from '../lang/home-dir.js';

/** Where the Docker Engine API listens, and which Docker context named it. */
export type EngineEndpoint =
  | { readonly kind: 'unix'; readonly socketPath: string; readonly display: string; readonly context: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly display: string; readonly context: string };

export const DEFAULT_SOCKET = '/var/run/docker.sock';

export type Env = Readonly<Record<string, string | undefined>>;

/** Reads a file's text, or null when it is absent; injected so tests need no home directory. */
export type ReadText = (file: string) => string | null;

const readText: ReadText = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

/**
 * Finds the engine as the Docker CLI does (cli/command/cli.go resolveContextName):
 * DOCKER_HOST wins (the "default" context), then DOCKER_CONTEXT, then the
 * config's currentContext, then the default socket. A named context's endpoint
 * is in $DOCKER_CONFIG/contexts/meta/<sha256 of its name>/meta.json.
 * Returns a string saying why when the endpoint is one this client cannot use.
 */
export function engineEndpoint(env: Env, read: ReadText = readText): EngineEndpoint | string {
  const host = env['DOCKER_HOST']?.trim();
  if (host) return fromHost(host, 'default', env);
  const name = contextName(env, read);
  if (name === 'default') return fromHost(`unix://${DEFAULT_SOCKET}`, 'default', env);
  const meta = read(join(dockerConfigDir(env), 'contexts', 'meta', sha256(name), 'meta.json'));
  if (meta === null) return `the Docker context "${name}" is not in ${join(dockerConfigDir(env), 'contexts')} (see docker context ls)`;
  const contextHost = dockerHostOf(meta);
  if (contextHost === null) return `the Docker context "${name}" has no docker endpoint that layerplan can read (see docker context inspect ${name})`;
  // TLS material sits beside the meta data (contexts/tls/<hash>/docker/); with it the endpoint speaks TLS only.
  const tls = join(dockerConfigDir(env), 'contexts', 'tls', sha256(name), 'docker');
  if (['ca.pem', 'cert.pem'].some((f) => read(join(tls, f)) !== null)) return `the Docker context "${name}" uses TLS (${contextHost}), which layerplan does not speak`;
  return fromHost(contextHost, name, {});
}

/** The context the CLI would use: DOCKER_CONTEXT, then currentContext in config.json. */
function contextName(env: Env, read: ReadText): string {
  const named = env['DOCKER_CONTEXT']?.trim();
  if (named) return named;
  const config = read(join(dockerConfigDir(env), 'config.json'));
  if (config === null) return 'default';
  try {
    const current = (JSON.parse(config) as { currentContext?: unknown }).currentContext;
    return typeof current === 'string' && current ? current : 'default';
  } catch {
    return 'default';
  }
}

/** Docker's config folder: $DOCKER_CONFIG, else ~/.docker (contexts here; buildx keeps its state under it too). */
export function dockerConfigDir(env: Env): string {
  return env['DOCKER_CONFIG']?.trim() || join(homeDir(env), '.docker');
}

function sha256(text: string): string {
  // node:crypto loads here, only for a named context: loading it costs ~10 ms of every plan's start-up.
  // (process.getBuiltinModule, not createRequire: importing node:module compiles Node's ES module loader,
  // ~1 ms of every plan's start.)
  const { createHash } = process.getBuiltinModule('node:crypto');
  return createHash('sha256').update(text).digest('hex');
}

function dockerHostOf(metaJson: string): string | null {
  try {
    const host = (JSON.parse(metaJson) as { Endpoints?: { docker?: { Host?: unknown } } }).Endpoints?.docker?.Host;
    return typeof host === 'string' && host ? host : null;
  } catch {
    return null;
  }
}

function fromHost(host: string, context: string, env: Env): EngineEndpoint | string {
  const via = context === 'default' ? `DOCKER_HOST=${host}` : `the Docker context "${context}" (${host})`;
  if (host.startsWith('unix://')) return { kind: 'unix', socketPath: host.slice('unix://'.length), display: host, context };
  if (host.startsWith('tcp://')) {
    if (env['DOCKER_TLS_VERIFY']) return `${via} needs TLS (DOCKER_TLS_VERIFY is set), which layerplan does not speak`;
    const url = new URL(host.replace(/^tcp:/, 'http:'));
    return { kind: 'tcp', host: url.hostname, port: Number(url.port || 2375), display: host, context };
  }
  return `${via} is not a unix:// or tcp:// address, which is all layerplan can reach`;
}

/** How a report names the engine it used: the address, and the context when one chose it. */
export function engineLabel(endpoint: EngineEndpoint): string {
  return endpoint.context === 'default' ? endpoint.display : `${endpoint.display} (Docker context ${endpoint.context})`;
}
