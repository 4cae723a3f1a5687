/**
 * What a plan says of a step, in the words the records keep: its status and,
 * for a rebuild, the miss reason. Records and plans share this vocabulary, so
 * it lives below both (the store); plan/types.ts re-exports it.
 */

export type StepStatus = 'cached' | 'rebuilt' | 'skipped' | 'metadata';

/** A step named for messages: its id and Dockerfile line. */
export interface StepRef {
  readonly id: string;
  readonly line: number;
  readonly instruction: string;
}

export interface VarChange {
  readonly name: string;
  /** null: not set. */
  readonly before: string | null;
  readonly after: string | null;
}

export interface FileChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly modified: readonly string[];
}

export type MissReason =
  /** No earlier run built this step on anything comparable. */
  | { readonly kind: 'first-build' }
  /** An earlier step of the stage is rebuilt, so this one is too; `origin` started the cascade. */
  | { readonly kind: 'parent-rebuilt'; readonly parent: StepRef; readonly origin: StepRef }
  | { readonly kind: 'instruction-changed'; readonly before: string; readonly after: string }
  | { readonly kind: 'setting-changed'; readonly setting: string; readonly before: string | null; readonly after: string | null }
  /**
   * Build args or ENV in the key changed; `changes` lists only values that differ. A pure reorder (BuildKit hashes
   * the order) has no changes and says the order in `order`. `image`: the FROM image the changed arg names.
   */
  | {
      readonly kind: 'env-changed';
      readonly changes: readonly VarChange[];
      readonly order?: { readonly before: readonly string[]; readonly after: readonly string[] };
      readonly image?: { readonly before: string; readonly after: string };
    }
  /** `context`: the named context (--build-context NAME) the files are in; absent: the build context. */
  | ({ readonly kind: 'files-changed'; readonly context?: string } & FileChanges)
  | { readonly kind: 'base-image-changed'; readonly ref: string; readonly before: string; readonly after: string }
  /** COPY --from / mount of a stage that is rebuilt: a hit only if its output is byte-identical. */
  | { readonly kind: 'stage-output'; readonly stage: string }
  /** ADD of a URL or git repo without --checksum: the builder re-checks the remote. */
  | { readonly kind: 'remote-source'; readonly location: string }
  /** docker build --no-cache (stage null) or --no-cache-filter naming this stage. */
  | { readonly kind: 'no-cache'; readonly stage: string | null }
  /**
   * The key matched the build of `builtAt`, but the builder no longer holds that layer (pruned, collected):
   * `engine` is the engine whose build cache said so; null when a real build's rebuild of a held key told.
   */
  | { readonly kind: 'cache-pruned'; readonly builtAt: string; readonly engine: string | null };

export type MissReasonKind = MissReason['kind'];
