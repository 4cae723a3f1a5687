/** The platform a build without --platform targets: the machine's, in OCI terms, and the automatic platform ARGs. */
import { normalizePlatform, platformArgs as graphPlatformArgs } from '../graph/index.js';

/** Node's `process.arch` → the OCI architecture the engine reports (Go's GOARCH names). */
const OCI_ARCH: Readonly<Record<string, string>> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
};

export function ociArch(nodeArch: string): string {
  return OCI_ARCH[nodeArch] ?? nodeArch;
}

/** BUILDPLATFORM, TARGETARCH, ...: what BuildKit predefines, for a build on this machine, for it or for `target` (--platform). */
export function platformArgs(nodeArch: string, target?: string): Map<string, string> {
  const host = hostPlatform(nodeArch);
  return graphPlatformArgs(normalizePlatform(target ?? host), host);
}

/** Docker's name for the machine's platform, e.g. linux/amd64. */
export function hostPlatform(nodeArch: string): string {
  return `linux/${ociArch(nodeArch)}`;
}
