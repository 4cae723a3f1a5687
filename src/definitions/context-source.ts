import { resolvePath } from './posix-path.js';
import type { ContextSource } from './types.js';

/** The prefixes BuildKit (dockerui) and compose-go take as a remote context rather than a local path. */
const REMOTE = ['https://', 'http://', 'git://', 'ssh://', 'github.com/', 'git@'];

/**
 * A context value as Compose, bake and build-push-action read it: a URL is
 * remote, `docker-image://` an image, `target:`/`service:` another
 * definition, anything else a path from `base`.
 */
export function toContextSource(value: string, base: string, definitionPrefix: 'target:' | 'service:' | null): ContextSource {
  if (definitionPrefix && value.startsWith(definitionPrefix)) return { kind: 'definition', name: value.slice(definitionPrefix.length) };
  if (value.startsWith('docker-image://')) return { kind: 'image', ref: value.slice('docker-image://'.length) };
  if (REMOTE.some((p) => value.startsWith(p)) || value.includes('://')) return { kind: 'remote', url: value };
  return { kind: 'local', path: resolvePath(base, value) };
}

/** The Dockerfile path: relative to a local context, as written inside a remote one. */
export function dockerfileIn(context: ContextSource, file: string): string {
  return context.kind === 'local' ? resolvePath(context.path, file) : file;
}
