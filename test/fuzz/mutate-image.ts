/**
 * Seeded image mutants, built from the real images in test/fixtures/images
 * (docker save from BuildKit and the classic builder, Docker 25's OCI save,
 * a zstd OCI archive, buildah's OCI layout): byte noise, truncation, gzip
 * cut in its trailer, and the hostile shapes issue 14 measured (self-listing
 * and fanned-out indexes, pax size=1.5, escaping paths, links out of a
 * layout, FIFOs and devices, descriptors that lie).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { header, makeTar, type TarSpec } from '../image/_helpers/make-tar.js';
import type { Rng } from './rng.js';

/** A layout member: bytes, a symlink, or a FIFO. */
export type LayoutMember = Buffer | { readonly symlink: string } | { readonly fifo: true };

export type ImageMutant =
  | { readonly kind: 'archive'; readonly bytes: Buffer; readonly mutations: string[] }
  | { readonly kind: 'layout'; readonly members: Map<string, LayoutMember>; readonly mutations: string[] };

export interface ImageSeeds {
  readonly archives: readonly Buffer[];
  /** The layout's files by relative path. */
  readonly layout: ReadonlyMap<string, Buffer>;
}

const INDEX = 'application/vnd.oci.image.index.v1+json';
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

export function mutateImage(rng: Rng, seeds: ImageSeeds): ImageMutant {
  return rng.chance(0.35) ? mutateLayout(rng, seeds.layout) : mutateArchive(rng, rng.pick(seeds.archives));
}

// --- archives ----------------------------------------------------------------

type ArchiveMutator = (entries: TarSpec[], rng: Rng) => TarSpec[];

const archiveMutators: Record<string, ArchiveMutator> = {
  selfListingIndex: (e) => {
    const d = 'e'.repeat(64);
    const self = JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: INDEX, digest: `sha256:${d}` }] });
    return [...without(e, 'index.json', 'manifest.json'), { name: 'index.json', body: self }, { name: `blobs/sha256/${d}`, body: self }];
  },
  fannedOutIndex: (e, r) => {
    const inner = JSON.stringify({ schemaVersion: 2, manifests: [] });
    const n = r.pick([2, 999, 5_000]);
    const index = JSON.stringify({ schemaVersion: 2, manifests: Array.from({ length: n }, () => ({ mediaType: INDEX, digest: `sha256:${sha(inner)}`, size: inner.length })) });
    return [...without(e, 'index.json', 'manifest.json'), { name: 'index.json', body: index }, { name: `blobs/sha256/${sha(inner)}`, body: inner }];
  },
  deepIndex: (e, r) => {
    const depth = r.int(2, 8);
    let body = JSON.stringify({ schemaVersion: 2, manifests: [] });
    const blobs: TarSpec[] = [];
    for (let i = 0; i < depth; i++) {
      blobs.push({ name: `blobs/sha256/${sha(body)}`, body });
      body = JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: INDEX, digest: `sha256:${sha(body)}`, size: body.length }] });
    }
    return [...without(e, 'index.json', 'manifest.json'), ...blobs, { name: 'index.json', body }];
  },
  escapingManifestPath: (e, r) => [...without(e, 'manifest.json'), { name: 'manifest.json', body: JSON.stringify([{ Config: r.pick(['../../etc/passwd', '/etc/passwd', 'a/../../x', '..']), RepoTags: ['x:1'], Layers: [r.pick(['../l.tar', 'ok/layer.tar'])] }]) }],
  lyingDescriptor: (e, r) => e.map((s) => (s.name === 'index.json' && s.body ? { ...s, body: String(s.body).replace(/"size":\s*\d+/, `"size":${r.pick([0, 1, 99999999999])}`) } : s)),
  dropMember: (e, r) => e.filter((_, i) => i !== r.int(0, e.length - 1)),
  duplicateMember: (e, r) => [...e, r.pick(e)],
  hugeJson: (e, r) => [...e, { name: r.pick(['manifest.json', 'index.json', 'big.json']), body: Buffer.alloc(r.pick([9, 70]) * 1024 * 1024, 0x20) }],
  manyLayers: (e, r) => [...without(e, 'manifest.json'), { name: 'manifest.json', body: JSON.stringify([{ Config: 'c.json', RepoTags: [], Layers: Array.from({ length: r.pick([10, 1_200]) }, (_, i) => `l${i}/layer.tar`) }]) }],
  badJson: (e) => e.map((s) => (s.name.endsWith('.json') && s.body ? { ...s, body: `secret-${String(s.body).slice(0, 50)}` } : s)),
};

function mutateArchive(rng: Rng, seed: Buffer): ImageMutant {
  const mutations: string[] = [];
  let bytes = seed;
  if (rng.chance(0.5)) {
    const name = rng.pick(Object.keys(archiveMutators));
    bytes = makeTar(archiveMutators[name]!(splitTar(seed), rng));
    mutations.push(name);
  }
  const tail = rng.pick(['none', 'flip', 'truncate', 'gzip', 'gzipCut', 'paxSize', 'paxHuge']);
  mutations.push(tail);
  switch (tail) {
    case 'flip': {
      bytes = Buffer.from(bytes);
      for (let n = rng.int(1, 20); n > 0; n--) bytes[rng.int(0, bytes.length - 1)] = rng.int(0, 255);
      break;
    }
    case 'truncate': bytes = bytes.subarray(0, rng.int(0, bytes.length)); break;
    case 'gzip': bytes = gzipSync(bytes); break;
    case 'gzipCut': { const gz = gzipSync(bytes); bytes = gz.subarray(0, gz.length - rng.int(1, 8)); break; }
    case 'paxSize': bytes = Buffer.concat([paxHeader(` size=${rng.pick(['1.5', '-1', '1e3', 'abc', '99999999999999999999'])}\n`), bytes]); break;
    case 'paxHuge': bytes = Buffer.concat([header({ name: 'PaxHeader', flag: 'x', size: 2 ** 40 }), bytes]); break;
    default: break;
  }
  return { kind: 'archive', bytes, mutations };
}

function without(entries: readonly TarSpec[], ...names: string[]): TarSpec[] {
  return entries.filter((e) => !names.includes(e.name));
}

function paxHeader(record: string): Buffer {
  const text = `${record.length + String(record.length + 2).length}${record}`;
  const body = Buffer.from(text);
  return Buffer.concat([header({ name: 'PaxHeader', flag: 'x', size: body.length }), body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
}

/** The entries of a plain ustar archive (the fixtures have no long names), for editing and rewriting. */
export function splitTar(tar: Buffer): TarSpec[] {
  const out: TarSpec[] = [];
  for (let at = 0; at + 512 <= tar.length;) {
    const h = tar.subarray(at, at + 512);
    if (h.every((b) => b === 0)) break;
    const name = cString(h.subarray(0, 100));
    const size = parseInt(cString(h.subarray(124, 136)).trim() || '0', 8);
    const flag = String.fromCharCode(h[156] ?? 48);
    const body = tar.subarray(at + 512, at + 512 + size);
    const type = flag === '5' ? 'directory' : flag === '2' ? 'symlink' : flag === '1' ? 'hardlink' : 'file';
    out.push({ name, type, body: Buffer.from(body), linkname: cString(h.subarray(157, 257)) });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

function cString(b: Buffer): string {
  const end = b.indexOf(0);
  return b.subarray(0, end < 0 ? b.length : end).toString('utf8');
}

// --- layouts -----------------------------------------------------------------

type LayoutMutator = (m: Map<string, LayoutMember>, rng: Rng) => void;

const OUTSIDE = ['/etc/hostname', '/etc/passwd', '/dev/zero', '/dev/null', '/proc/self/environ', '/nonexistent'];

const layoutMutators: Record<string, LayoutMutator> = {
  linkOut: (m, r) => m.set(r.pick(keysOf(m)), { symlink: r.pick(OUTSIDE) }),
  fifo: (m, r) => m.set(r.pick(keysOf(m)), { fifo: true }),
  linkInside: (m, r) => {
    const [a, b] = [r.pick(keysOf(m)), r.pick(keysOf(m))];
    m.set(a, { symlink: relativeLink(a, b) });
  },
  dropBlob: (m, r) => m.delete(r.pick(keysOf(m))),
  flipBlob: (m, r) => {
    const key = r.pick(keysOf(m));
    const v = m.get(key);
    if (!Buffer.isBuffer(v) || v.length === 0) return;
    const copy = Buffer.from(v);
    copy[r.int(0, copy.length - 1)] = r.int(0, 255);
    m.set(key, copy);
  },
  lyingIndex: (m, r) => {
    const v = m.get('index.json');
    if (Buffer.isBuffer(v)) m.set('index.json', Buffer.from(v.toString().replace(/"size":\s*\d+/, `"size":${r.pick([0, 5, 1e12])}`)));
  },
  selfIndex: (m) => {
    const d = 'f'.repeat(64);
    const self = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: INDEX, digest: `sha256:${d}` }] }));
    m.set('index.json', self);
    m.set(`blobs/sha256/${d}`, self);
  },
  manifestMediaType: (m) => {
    const v = m.get('index.json');
    if (Buffer.isBuffer(v)) m.set('index.json', Buffer.from(v.toString().replace(MANIFEST, INDEX)));
  },
};

function mutateLayout(rng: Rng, seed: ReadonlyMap<string, Buffer>): ImageMutant {
  const members = new Map<string, LayoutMember>(seed);
  const mutations: string[] = [];
  for (let n = rng.int(1, 2); n > 0; n--) {
    const name = rng.pick(Object.keys(layoutMutators));
    layoutMutators[name]!(members, rng);
    mutations.push(name);
  }
  return { kind: 'layout', members, mutations };
}

function keysOf(m: Map<string, LayoutMember>): string[] {
  return [...m.keys()].filter((k) => k !== 'oci-layout');
}

function relativeLink(from: string, to: string): string {
  const depth = from.split('/').length - 1;
  return `${'../'.repeat(depth)}${to}`;
}
