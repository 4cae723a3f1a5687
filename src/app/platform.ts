/** The automatic platform ARGs of a build on this machine (the one platform map is graph/platform.ts). */
import { hostPlatform, normalizePlatform, platformArgs as graphPlatformArgs } from '../graph/index.js';

/** BUILDPLATFORM, TARGETARCH, ...: what BuildKit predefines, for a build on this machine, for it or for `target` (--platform). */
export function platformArgs(nodeArch: string, target?: string): Map<string, string> {
  const host = hostPlatform(nodeArch);
  return graphPlatformArgs(normalizePlatform(target ?? host), host);
}
