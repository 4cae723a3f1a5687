/**
 * The build context as the builders see it: the files that survive
 * `.dockerignore`, each with the metadata a builder hashes.
 *
 * Paths are POSIX, relative to the context root, without a leading "./"
 * ("src/index.js"). The root itself is not an entry.
 */
export type EntryType = 'file' | 'dir' | 'symlink';

export interface ContextEntry {
  readonly path: string;
  readonly type: EntryType;
  /** Permission bits (and setuid/setgid/sticky), `st_mode & 0o7777`. */
  readonly mode: number;
  readonly size: number;
  /** Content digest (hex) for files; '' for directories and symlinks. */
  readonly digest: string;
  /** Target string for symlinks, as stored in the link. */
  readonly linkTarget?: string;
}

export interface ContextSnapshot {
  /** Absolute path of the context directory (for messages only; the core never reads it). */
  readonly root: string;
  /** Every entry that is sent to the builder, keyed by path. Parent directories of kept files are present. */
  readonly entries: ReadonlyMap<string, ContextEntry>;
  /** The ignore file that was applied (relative to the context root, or absolute when beside the Dockerfile), or null. */
  readonly ignoreFile: string | null;
  /**
   * Equal only for snapshots with equal entries and ignore file (loadContext: the stat cache's generation, every
   * file fresh in it, and a hash of the directories, symlinks and ignore file); absent where none can be given.
   * What is derived from a snapshot alone may be remembered under it (app/selection-memo.ts).
   */
  readonly identity?: string;
}
