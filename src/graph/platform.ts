/**
 * Platforms as the builders compare them (containerd's platforms.Normalize):
 * `x86_64` is `amd64`, `aarch64` is `arm64`, `arm64/v8` is `arm64`, and the OS
 * defaults to linux. A FROM without --platform builds for the target platform;
 * `--platform=$BUILDPLATFORM` for the machine that builds. On a native build
 * both are the host's, so either spelling keeps the cache (recorded:
 * from-platform-buildplatform).
 */

const ARCH_ALIASES: Readonly<Record<string, string>> = { x86_64: 'amd64', x86: '386', i386: '386', aarch64: 'arm64', armhf: 'arm', armel: 'arm' };
/** Node's arch names (os.arch()) → Go's GOARCH. */
const NODE_ARCH: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64' };

export interface Platform {
  readonly os: string;
  readonly arch: string;
  readonly variant: string;
}

/** `linux/amd64`, `amd64`, `linux/arm64/v8`, `Linux/x86_64` → the normalised platform; null when it is not one. */
export function parsePlatform(text: string): Platform | null {
  const parts = text.trim().toLowerCase().split('/');
  if (!parts.length || parts.length > 3 || parts.some((p) => !/^[a-z0-9_.-]+$/.test(p))) return null;
  const [first = '', second, third = ''] = parts;
  const isOs = second !== undefined || ['linux', 'windows', 'darwin', 'freebsd'].includes(first);
  const os = isOs ? first : 'linux';
  const rawArch = isOs ? second ?? '' : first;
  if (!rawArch) return null;
  const arch = ARCH_ALIASES[rawArch] ?? rawArch;
  let variant = third;
  if (arch === 'arm64' && variant === 'v8') variant = '';
  if (arch === 'amd64' && variant === 'v1') variant = '';
  if (arch === 'arm' && !variant) variant = 'v7';
  return { os, arch, variant };
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.arch, p.variant].filter(Boolean).join('/');
}

/** The normalised spelling, or the text as written when it is not a platform (it then keys as written). */
export function normalizePlatform(text: string): string {
  const p = parsePlatform(text);
  return p ? formatPlatform(p) : text;
}

/** The platform of the machine layerplan runs on, from Node's arch name. */
export function hostPlatform(nodeArch: string): string {
  return `linux/${NODE_ARCH[nodeArch] ?? nodeArch}`;
}

/** BUILDPLATFORM, BUILDOS, ..., TARGETPLATFORM, TARGETARCH, ...: the automatic platform ARGs. */
export function platformArgs(target: string, build: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const [prefix, text] of [['TARGET', target], ['BUILD', build]] as const) {
    const p = parsePlatform(text) ?? { os: 'linux', arch: text, variant: '' };
    values.set(`${prefix}PLATFORM`, formatPlatform(p));
    values.set(`${prefix}OS`, p.os);
    values.set(`${prefix}ARCH`, p.arch);
    values.set(`${prefix}VARIANT`, p.variant);
  }
  return values;
}
