/** The platform a build without --platform targets: the machine's, in OCI terms, and the automatic platform ARGs. */

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

/** BUILDPLATFORM, TARGETARCH, ...: what BuildKit predefines, for a build on and for this machine. */
export function platformArgs(nodeArch: string): Map<string, string> {
  const arch = ociArch(nodeArch);
  const values: Record<string, string> = { OS: 'linux', ARCH: arch, VARIANT: '', PLATFORM: `linux/${arch}` };
  return new Map(['TARGET', 'BUILD'].flatMap((p) => Object.entries(values).map(([k, v]): [string, string] => [`${p}${k}`, v])));
}

/** Docker's name for the machine's platform, e.g. linux/amd64. */
export function hostPlatform(nodeArch: string): string {
  return `linux/${ociArch(nodeArch)}`;
}
