/**
 * Which builder, at which version, a plan models. The cache rules are the
 * builder family's (BuildKit or buildah); a version changes the few rules
 * that were recorded to differ between versions. `NAME` alone is the current
 * version; `NAME@VERSION` picks an older recorded one.
 */
import type { Builder } from './types.js';

export interface BuilderModel {
  /** The family whose cache rules apply (records in the store are kept per family). */
  readonly builder: Builder;
  /** The version the rules were recorded with, e.g. "28.5" (Docker Engine) or "1.43" (buildah). */
  readonly version: string;
  /** As written back to the user: `buildkit@28.5`, `buildah@1.28`. */
  readonly spec: string;
  /** buildah ≥ 1.43 puts the content of a `RUN --mount=type=bind` source into the history; 1.28 does not. */
  readonly keysBindSources: boolean;
}

interface KnownModel {
  readonly builder: Builder;
  /** Versions as users write them (the first is the model's own). */
  readonly versions: readonly string[];
  readonly keysBindSources: boolean;
}

/** Every recorded model, newest first per family (the first of a family is its default). */
const MODELS: readonly KnownModel[] = [
  { builder: 'buildkit', versions: ['28.5', '28', '0.24'], keysBindSources: true },
  // dockerd 20.10's BuildKit v0.8 gave the same outcome on every recorded sequence that it accepts.
  { builder: 'buildkit', versions: ['20.10', '0.8'], keysBindSources: true },
  { builder: 'buildah', versions: ['1.43'], keysBindSources: true },
  { builder: 'buildah', versions: ['1.28'], keysBindSources: false },
];

/** podman builds with buildah's library; docker with BuildKit. */
const ALIASES: Readonly<Record<string, Builder>> = { buildkit: 'buildkit', docker: 'buildkit', buildah: 'buildah', podman: 'buildah' };

export const BUILDER_NAMES: readonly string[] = Object.keys(ALIASES);

export type ModelLookup = { readonly ok: true; readonly model: BuilderModel } | { readonly ok: false; readonly message: string };

/** `buildkit`, `buildah@1.28`, `podman`... → the model; an unknown name or version says what is known. */
export function builderModel(spec: string): ModelLookup {
  const [name = '', version] = spec.toLowerCase().split('@');
  const builder = ALIASES[name];
  if (!builder) return { ok: false, message: `--builder must be one of ${BUILDER_NAMES.join(', ')} (optionally NAME@VERSION), not "${spec}"` };
  const family = MODELS.filter((m) => m.builder === builder);
  const known = version === undefined ? family[0] : family.find((m) => m.versions.includes(version.replace(/^v/, '')));
  if (!known) {
    const versions = family.map((m) => m.versions[0]).join(', ');
    return { ok: false, message: `no recorded rules for ${name} ${version}: known versions are ${versions} (e.g. --builder ${name}@${family[family.length - 1]?.versions[0]})` };
  }
  return { ok: true, model: toModel(known) };
}

/** The current model of a family (what `--builder buildkit` means). */
export function defaultModel(builder: Builder): BuilderModel {
  return toModel(currentOf(builder));
}

/** The family's current model: the first listed (every family has one). */
function currentOf(builder: Builder): KnownModel {
  const model = MODELS.find((m) => m.builder === builder);
  if (!model) throw new Error(`no recorded model of ${builder}`);
  return model;
}

/**
 * The model for a version found installed (`buildah --version`, the engine's /version):
 * the newest recorded model not newer than it, else the oldest one.
 */
export function modelForInstalled(builder: Builder, installed: string): BuilderModel {
  const family = MODELS.filter((m) => m.builder === builder);
  const fit = family.find((m) => compareVersions(m.versions[0] ?? '0', installed) <= 0) ?? family[family.length - 1] ?? currentOf(builder);
  return toModel(fit);
}

function toModel(m: KnownModel): BuilderModel {
  const version = m.versions[0] ?? '';
  return { builder: m.builder, version, spec: `${m.builder}@${version}`, keysBindSources: m.keysBindSources };
}

/** Numeric comparison of dotted versions ("1.28.2" < "1.43"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+~-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.+~-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
