/** A git tree as layerplan reads it: path → mode and object id. */
export type GitMode = '100644' | '100755' | '120000' | '160000';

export interface GitEntry {
  readonly mode: GitMode;
  /** The blob (or, for a submodule, commit) id. */
  readonly oid: string;
}

/** Repo-relative POSIX path → entry. */
export type GitTree = ReadonlyMap<string, GitEntry>;
