/** Where the Docker Engine API listens, from DOCKER_HOST or the default socket. */
export type EngineEndpoint =
  | { readonly kind: 'unix'; readonly socketPath: string; readonly display: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly display: string };

export const DEFAULT_SOCKET = '/var/run/docker.sock';

/**
 * Reads DOCKER_HOST (unix:// or tcp://). Returns a string saying why when it
 * names something this client cannot speak to (TLS, ssh://, npipe://).
 */
export function engineEndpoint(env: Readonly<Record<string, string | undefined>>): EngineEndpoint | string {
  const host = env['DOCKER_HOST']?.trim();
  if (!host) return { kind: 'unix', socketPath: DEFAULT_SOCKET, display: `unix://${DEFAULT_SOCKET}` };
  if (host.startsWith('unix://')) return { kind: 'unix', socketPath: host.slice('unix://'.length), display: host };
  if (host.startsWith('tcp://')) {
    if (env['DOCKER_TLS_VERIFY']) return `DOCKER_HOST=${host} needs TLS (DOCKER_TLS_VERIFY is set), which layerplan does not speak`;
    const url = new URL(host.replace(/^tcp:/, 'http:'));
    return { kind: 'tcp', host: url.hostname, port: Number(url.port || 2375), display: host };
  }
  return `DOCKER_HOST=${host} is not a unix:// or tcp:// address, which is all layerplan can reach`;
}
