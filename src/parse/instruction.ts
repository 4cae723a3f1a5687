import type { LimitName } from './limits.js';

/**
 * One Dockerfile instruction as plain data, independent of dockerfile-ast's
 * classes. Lines are 1-based, as users and builders number them.
 */
export interface Flag {
  readonly name: string;
  /** `null` for a bare flag such as `--link`. */
  readonly value: string | null;
}

export interface Heredoc {
  readonly name: string;
  /** The body, without the closing delimiter line; `<<-` bodies have leading tabs removed. */
  readonly body: string;
  /** Unquoted delimiters expand variables in the body. */
  readonly expand: boolean;
}

export interface Instruction {
  /** Upper-case keyword: `RUN`, `COPY`, ... (unknown keywords are kept as written, upper-cased). */
  readonly keyword: string;
  readonly line: number;
  readonly endLine: number;
  /** The lines exactly as written (for display). */
  readonly text: string;
  /**
   * The logical line as BuildKit's parser builds it: continuations joined
   * (keeping each continued line's indentation), comment lines inside the
   * continuation dropped, heredoc bodies excluded. buildah keys on this.
   */
  readonly original: string;
  readonly flags: readonly Flag[];
  /** Everything after the keyword and its flags, trimmed: the shell text or JSON. */
  readonly rest: string;
  /** The exec (JSON) form, when `rest` is a JSON array of strings. */
  readonly exec: readonly string[] | null;
  readonly heredocs: readonly Heredoc[];
  /** For ONBUILD: the instruction it registers. */
  readonly trigger: Instruction | null;
}

export interface Directives {
  readonly escape: string;
  readonly syntax: string | null;
}

/** A problem found while parsing; the parser reports, it never throws. */
export interface ParseProblem {
  readonly line: number;
  readonly message: string;
  /** Set when the problem is a passed limit (parse/limits.ts) rather than bad syntax. */
  readonly limit?: LimitName;
}

export interface ParsedDockerfile {
  readonly directives: Directives;
  readonly instructions: readonly Instruction[];
  readonly problems: readonly ParseProblem[];
}
