/**
 * Cache keys: what a builder hashes for each step. The inputs are kept beside
 * the key so that a miss can be explained by comparing inputs, not guessed.
 */
import type { KeyValue } from '../graph/index.js';

export type CacheKey = string;
export type Builder = 'buildkit' | 'buildah';
export const BUILDERS: readonly Builder[] = ['buildkit', 'buildah'];

/** Hashes a string to a hex digest (xxhash64 at the edge; injected so the core stays pure). */
export type HashFn = (data: string) => string;

/** Per-file fingerprints of what a step reads from the context: context path → type/mode/content digest. */
export type Fingerprints = Readonly<Record<string, string>>;

/**
 * What digestFiles hashes: a `path\0fingerprint` line per entry, joined by
 * '\n', paths in string order; kept with the sorted paths and where each
 * line starts, so the text of a selection that differs in a few
 * fingerprints is spliced from it (patchDigestText) instead of rebuilt.
 */
export interface DigestText {
  readonly paths: readonly string[];
  /** starts[i]: where line i begins; starts[paths.length]: text.length + 1. */
  readonly starts: Int32Array;
  readonly text: string;
}

/** A selection's digest (hash of its digestText) and how many paths it holds, known without listing them. */
export interface KnownDigest {
  readonly digest: string;
  readonly count: number;
}

export interface FileInput {
  /** The source as written (after variable expansion). */
  readonly source: string;
  readonly digest: string;
  readonly files: Fingerprints;
  /** How many paths `files` holds, when known (listing the keys of a 20,000-file selection to count them was ~4 ms). */
  readonly count?: number;
  /** The named context (--build-context NAME) the files come from; absent: the build context. */
  readonly context?: string;
}

/**
 * Why a recorded key cannot promise a hit: the builder re-checks a remote
 * source. (A rebuilt stage read through --from is the plan's concern: it is
 * known only once the stages are planned.)
 */
export type Uncertainty = { readonly kind: 'remote-source'; readonly location: string };

/** A FROM image as a build names it: the normalised reference and, when the engine knew it, its image id. */
export interface BaseIdentity {
  readonly ref: string;
  readonly id: string | null;
}

export interface StepKey {
  /** null for steps that make no cache record under this builder (BuildKit's ENV, LABEL, CMD...). */
  readonly key: CacheKey | null;
  /** The key this step's record hangs under: the previous keyed step, or the base. */
  readonly parent: CacheKey | null;
  /** The builder's view of the instruction, without env and files (compared to explain misses). */
  readonly op: string;
  /** Variables the builder puts into this step's key. */
  readonly env: readonly KeyValue[];
  /** Settings in the key besides the text: user, workdir, shell, platform. */
  readonly settings: Readonly<Record<string, string>>;
  readonly files: readonly FileInput[];
  /** Stages whose output this step reads through --from (BuildKit hashes their bytes). */
  readonly readsStages: readonly number[];
  readonly uncertain: Uncertainty | null;
  /** The image a FROM step builds on (absent for every other step, and for scratch or a stage). */
  readonly base?: BaseIdentity;
  /**
   * The operation in the build graph: equal for steps that are the same instruction on the same parent, which a
   * builder that solves the graph (BuildKit) runs once. Absent: the key is the vertex.
   */
  readonly vertex?: CacheKey;
}

export type SourceLookup =
  /**
   * `text`, when the view has it: digestText(files), which the digest hashes. `known`, when the view has the
   * digest itself (remembered for an unchanged snapshot): then `files` is read only where the key needs it
   * (a COPY --exclude), so the view may make it on first read.
   */
  | { readonly kind: 'ok'; readonly files: Fingerprints; readonly text?: DigestText; readonly known?: KnownDigest }
  | { readonly kind: 'not-found'; readonly path: string };

/** What the key derivation needs from the build context: resolve one COPY/ADD/bind source. */
export interface ContextView {
  /** `whole`: every selected entry's fingerprint is needed (the caller filters them), even from a view that restricts them. */
  select(source: string, opts: { readonly wildcards: boolean; readonly whole?: boolean }): SourceLookup;
  /** A folder given as --build-context NAME (lower-case); null when the build has none of that name. */
  named?(name: string): ContextView | null;
}

/** Identity of a base image when an engine could tell (its image id), by reference. */
export type BaseImageIds = ReadonlyMap<string, string>;
