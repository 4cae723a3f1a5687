/**
 * What several Dockerfiles share: base images (and, through them, layers by
 * diff id, which an engine stores and pulls once) and cached build steps
 * (equal cache keys: the builder makes the layer once and every other
 * Dockerfile takes it from the cache). Pure: plans and engine notes in, a
 * report out.
 */
import type { Plan, PlannedStep } from '../plan/index.js';
import type { BaseLayer, BaseNote } from './base-layers.js';

/** A place in one Dockerfile (path relative to the surveyed folder). */
export interface FileLine {
  readonly dockerfile: string;
  readonly line: number;
}

export interface PlannedDockerfile {
  readonly path: string;
  readonly plan: Plan;
}

export interface BaseUsage {
  readonly base: BaseNote;
  /** The FROM lines that use it, in every Dockerfile. */
  readonly users: readonly FileLine[];
}

export interface SharedLayer {
  readonly layer: BaseLayer;
  /** Distinct Dockerfiles whose bases hold the layer (two or more). */
  readonly dockerfiles: readonly string[];
  /** size × (Dockerfiles − 1); null when the size is unknown. */
  readonly savedBytes: number | null;
}

/** A base whose layers (or their sizes) nobody could tell: what it shares is not in savedBytes. */
export interface UnsizedBase {
  readonly ref: string;
  readonly dockerfiles: readonly string[];
  readonly why: string;
}

export interface SharedStep {
  readonly key: string;
  readonly instruction: string;
  /** Every use, in Dockerfile order; a Dockerfile may use a key in more than one stage. */
  readonly uses: readonly FileLine[];
  /** True when an earlier run (in the store) already made the layer. */
  readonly cached: boolean;
}

/** A run of shared steps, each the parent of the next, used by the same Dockerfiles. */
export interface SharedPrefix {
  /** What the run sits on: `FROM <ref>` or the instruction of the step before it. */
  readonly after: string;
  readonly dockerfiles: readonly string[];
  readonly steps: readonly SharedStep[];
}

export interface SharingReport {
  readonly bases: readonly BaseUsage[];
  readonly sharedLayers: readonly SharedLayer[];
  /** Sum of savedBytes over the shared layers of known size. */
  readonly savedBytes: number;
  readonly unsized: readonly UnsizedBase[];
  readonly sharedPrefixes: readonly SharedPrefix[];
}

export function findSharing(files: readonly PlannedDockerfile[], notes: readonly BaseNote[]): SharingReport {
  const bases = baseUsages(files, notes);
  const sharedLayers = layersShared(bases);
  return {
    bases,
    sharedLayers,
    savedBytes: sharedLayers.reduce((sum, l) => sum + (l.savedBytes ?? 0), 0),
    unsized: unsizedBases(bases),
    sharedPrefixes: prefixesShared(files),
  };
}

/** The steps a build of the plan's target runs and the builder keys. */
function keyedSteps(plan: Plan): PlannedStep[] {
  return plan.steps.filter((s) => s.key?.key && (s.status === 'cached' || s.status === 'rebuilt'));
}

function imageRef(ps: PlannedStep): string | null {
  return ps.step.op.kind === 'from' && ps.step.op.base.kind === 'image' ? ps.step.op.base.ref : null;
}

function baseUsages(files: readonly PlannedDockerfile[], notes: readonly BaseNote[]): BaseUsage[] {
  const users = new Map<string, FileLine[]>();
  for (const f of files) {
    for (const ps of f.plan.steps) {
      const ref = ps.status === 'skipped' ? null : imageRef(ps);
      if (ref !== null) users.set(ref, [...(users.get(ref) ?? []), { dockerfile: f.path, line: ps.step.instruction.line }]);
    }
  }
  return notes.flatMap((base) => (users.has(base.ref) ? [{ base, users: users.get(base.ref)! }] : []));
}

const distinctFiles = (uses: readonly FileLine[]): string[] => [...new Set(uses.map((u) => u.dockerfile))];

function layersShared(bases: readonly BaseUsage[]): SharedLayer[] {
  const byId = new Map<string, { layer: BaseLayer; dockerfiles: Set<string> }>();
  for (const { base, users } of bases) {
    for (const layer of base.layers ?? []) {
      const entry = byId.get(layer.diffId) ?? { layer, dockerfiles: new Set<string>() };
      for (const file of distinctFiles(users)) entry.dockerfiles.add(file);
      byId.set(layer.diffId, entry);
    }
  }
  return [...byId.values()]
    .filter((e) => e.dockerfiles.size > 1)
    .map(({ layer, dockerfiles }) => ({ layer, dockerfiles: [...dockerfiles], savedBytes: layer.size === null ? null : layer.size * (dockerfiles.size - 1) }));
}

function unsizedBases(bases: readonly BaseUsage[]): UnsizedBase[] {
  return bases.flatMap(({ base, users }) => {
    const dockerfiles = distinctFiles(users);
    if (base.layers === null) return [{ ref: base.ref, dockerfiles, why: base.layersNote ?? 'the engine did not describe its layers' }];
    if (base.layers.some((l) => l.size === null)) return [{ ref: base.ref, dockerfiles, why: 'its history does not pair with its layers' }];
    return [];
  });
}

interface KeyUse {
  readonly key: string;
  readonly parent: string | null;
  readonly instruction: string;
  readonly uses: FileLine[];
  cached: boolean;
}

/**
 * Keys used by two or more Dockerfiles, grouped into runs. A key hashes its
 * parent, so a shared step's parent is shared too: each run starts on a FROM
 * or on a step whose children split between different sets of Dockerfiles.
 */
function prefixesShared(files: readonly PlannedDockerfile[]): SharedPrefix[] {
  const byKey = new Map<string, KeyUse>();
  const fromRef = new Map<string, string>();
  for (const f of files) {
    for (const ps of keyedSteps(f.plan)) {
      const key = ps.key!.key!;
      const ref = imageRef(ps);
      if (ps.step.op.kind === 'from') {
        if (ref !== null) fromRef.set(key, ref);
        continue;
      }
      const use = byKey.get(key) ?? { key, parent: ps.key!.parent, instruction: ps.step.instruction.text, uses: [], cached: false };
      use.uses.push({ dockerfile: f.path, line: ps.step.instruction.line });
      use.cached ||= ps.status === 'cached';
      byKey.set(key, use);
    }
  }
  const runs: { after: string; dockerfiles: string[]; steps: SharedStep[]; tail: string }[] = [];
  for (const use of byKey.values()) {
    const dockerfiles = distinctFiles(use.uses);
    if (dockerfiles.length < 2) continue;
    const step: SharedStep = { key: use.key, instruction: use.instruction, uses: use.uses, cached: use.cached };
    const run = runs.find((r) => r.tail === use.parent && sameSet(r.dockerfiles, dockerfiles));
    if (run) {
      run.steps.push(step);
      run.tail = use.key;
    } else {
      runs.push({ after: describeParent(use.parent, fromRef, byKey), dockerfiles, steps: [step], tail: use.key });
    }
  }
  return runs.map(({ after, dockerfiles, steps }) => ({ after, dockerfiles, steps }));
}

function describeParent(parent: string | null, fromRef: ReadonlyMap<string, string>, byKey: ReadonlyMap<string, KeyUse>): string {
  if (parent === null) return 'the start of the stage';
  const ref = fromRef.get(parent);
  if (ref !== undefined) return `FROM ${ref}`;
  return byKey.get(parent)?.instruction ?? 'an earlier step';
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
