import { ImageReadError } from './errors.js';
import type { HistoryEntry, ImageConfig } from './types.js';

/**
 * Typed views of the JSON documents inside an image: docker-save's
 * manifest.json, OCI index/manifest, and the image config. Pure: each takes
 * parsed JSON and says what is wrong with it in words.
 */

export interface DockerManifestEntry {
  readonly config: string;
  readonly repoTags: readonly string[];
  readonly layers: readonly string[];
}

export interface OciDescriptor {
  readonly mediaType: string;
  readonly digest: string;
  /** Bytes of the blob; absent when the descriptor does not say (then only the digest is checked). */
  readonly size?: number;
  readonly platform?: { readonly os?: string; readonly architecture?: string; readonly variant?: string };
  readonly annotations?: Readonly<Record<string, string>>;
}

/** V8's message quotes the text it failed on; an error must never print a file's content, so only the kind is kept. */
export function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    const why = /end of JSON input/.test(message) ? 'it ends too early' : `it is ${bytes.length} bytes that do not parse`;
    throw new ImageReadError('E_BAD_JSON', `${what} is not valid JSON (${why})`);
  }
}

export function parseDockerManifest(json: unknown, what: string): DockerManifestEntry[] {
  if (!Array.isArray(json) || json.length === 0) throw bad(what, 'expected a non-empty array of images');
  return json.map((item, i) => {
    const o = asObject(item, `${what}[${i}]`);
    return {
      config: asString(o['Config'], `${what}[${i}].Config`),
      repoTags: Array.isArray(o['RepoTags']) ? o['RepoTags'].filter((t): t is string => typeof t === 'string') : [],
      layers: asArray(o['Layers'], `${what}[${i}].Layers`).map((l, j) => asString(l, `${what}[${i}].Layers[${j}]`)),
    };
  });
}

/** The `manifests` of an OCI index (or a Docker manifest list). */
export function parseOciIndex(json: unknown, what: string): OciDescriptor[] {
  return asArray(asObject(json, what)['manifests'], `${what}.manifests`).map((d, i) => parseDescriptor(d, `${what}.manifests[${i}]`));
}

/** An OCI (or Docker v2 schema 2) image manifest: its config and layer descriptors. */
export function parseOciManifest(json: unknown, what: string): { config: OciDescriptor; layers: OciDescriptor[] } {
  const o = asObject(json, what);
  return {
    config: parseDescriptor(o['config'], `${what}.config`),
    layers: asArray(o['layers'], `${what}.layers`).map((d, i) => parseDescriptor(d, `${what}.layers[${i}]`)),
  };
}

export function parseImageConfig(json: unknown, what: string): ImageConfig {
  const o = asObject(json, what);
  const rootfs = asObject(o['rootfs'], `${what}.rootfs`);
  const diffIds = asArray(rootfs['diff_ids'] ?? [], `${what}.rootfs.diff_ids`).map((d, i) => asString(d, `${what}.rootfs.diff_ids[${i}]`));
  const history = Array.isArray(o['history']) ? o['history'].map((h, i) => parseHistory(h, `${what}.history[${i}]`)) : [];
  return { created: optString(o['created']), os: optString(o['os']), architecture: optString(o['architecture']), diffIds, history };
}

function parseHistory(json: unknown, what: string): HistoryEntry {
  const o = asObject(json, what);
  return {
    created: optString(o['created']),
    createdBy: optString(o['created_by']) ?? '',
    comment: optString(o['comment']),
    emptyLayer: o['empty_layer'] === true,
  };
}

function parseDescriptor(json: unknown, what: string): OciDescriptor {
  const o = asObject(json, what);
  const platform = o['platform'] && typeof o['platform'] === 'object' ? (o['platform'] as OciDescriptor['platform']) : undefined;
  const annotations = o['annotations'] && typeof o['annotations'] === 'object' ? (o['annotations'] as Record<string, string>) : undefined;
  return {
    mediaType: optString(o['mediaType']) ?? '',
    digest: asString(o['digest'], `${what}.digest`),
    ...(typeof o['size'] === 'number' ? { size: o['size'] } : {}),
    ...(platform ? { platform } : {}),
    ...(annotations ? { annotations } : {}),
  };
}

function asObject(v: unknown, what: string): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad(what, 'expected an object');
  return v as Record<string, unknown>;
}

function asArray(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw bad(what, 'expected an array');
  return v;
}

function asString(v: unknown, what: string): string {
  if (typeof v !== 'string') throw bad(what, 'expected a string');
  return v;
}

function optString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function bad(what: string, expected: string): ImageReadError {
  return new ImageReadError('E_BAD_JSON', `${what}: ${expected}`);
}
