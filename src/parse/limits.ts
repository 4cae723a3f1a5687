/**
 * The limits layerplan enforces on a Dockerfile, so that hostile input costs
 * a one-line error with file:line instead of gigabytes or a crash. Where a
 * builder has its own limit we use it; elsewhere the limit sits where a real
 * build would fail anyway (the kernel's argument limits) or far past any
 * Dockerfile seen in practice. See docs/limits.md.
 */
export const LIMITS = {
  /** Whole Dockerfile. The largest public Dockerfiles are ~100 KB; peak memory is measured up to this size. */
  dockerfileBytes: 1024 * 1024,
  /** One physical line: BuildKit's own ("dockerfile line greater than max allowed size of 65535"). */
  lineBytes: 65535,
  /** One instruction with its continuations joined: Linux MAX_ARG_STRLEN; a longer RUN cannot be passed to `sh -c`. */
  instructionBytes: 128 * 1024,
  /** One heredoc body. RUN bodies travel in `sh -c` (MAX_ARG_STRLEN); COPY bodies are inline files. */
  heredocBytes: 256 * 1024,
  /** Instructions in one Dockerfile (a real image has at most 127 layers). */
  instructions: 10_000,
  /** FROM instructions in one Dockerfile. */
  stages: 1_000,
  /** One word after ARG/ENV substitution: MAX_ARG_STRLEN again (no process could receive it). */
  expansionBytes: 128 * 1024,
  /** All ENV and ARG values in scope at one step: Linux ARG_MAX (2 MiB); every RUN would fail with E2BIG. */
  environmentBytes: 2 * 1024 * 1024,
  /**
   * The environment summed over a Dockerfile's steps: each step's cache key hashes the values in scope, so
   * 3,000 steps under 800 KB of ENV is 2.4 GB of hashing (found by the fuzzer: a 20 s hang). Real Dockerfiles: < 10 MB.
   */
  environmentWorkBytes: 256 * 1024 * 1024,
} as const;

export type LimitName = keyof typeof LIMITS;

/** `1048576` → "1 MiB", for messages. */
export function describeSize(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * A limit was passed while evaluating (variable expansion). `line` is null
 * where it is thrown and set by the caller that knows the instruction.
 */
export class LimitExceeded extends Error {
  constructor(
    readonly limit: LimitName,
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
    this.name = 'LimitExceeded';
  }

  at(line: number): LimitExceeded {
    return this.line === null ? new LimitExceeded(this.limit, this.message, line) : this;
  }
}

export function expansionTooLong(): LimitExceeded {
  return new LimitExceeded('expansionBytes', `a variable substitution expands to more than ${describeSize(LIMITS.expansionBytes)} (layerplan's limit; no process could receive such a value); check ARG/ENV values that repeat each other`);
}

/** The bytes of the values in scope; throws when they pass ARG_MAX. */
export function checkEnvironment(env: readonly (readonly [string, string])[]): number {
  let total = 0;
  for (const [k, v] of env) total += k.length + v.length + 2;
  if (total > LIMITS.environmentBytes) {
    throw new LimitExceeded('environmentBytes', `ENV and ARG values in scope total more than ${describeSize(LIMITS.environmentBytes)} (the kernel's ARG_MAX: every RUN would fail with "argument list too long")`);
  }
  return total;
}

/** Adds one step's environment to the Dockerfile's running total; throws past LIMITS.environmentWorkBytes. */
export function addEnvironmentWork(total: number, stepBytes: number): number {
  const sum = total + stepBytes;
  if (sum > LIMITS.environmentWorkBytes) {
    throw new LimitExceeded('environmentWorkBytes', `the ENV and ARG values carried through the steps so far total more than ${describeSize(LIMITS.environmentWorkBytes)} (layerplan's limit: every step's cache key hashes them); use fewer or smaller ENV values`);
  }
  return sum;
}

/** Runs `fn`, giving a LimitExceeded it throws the instruction's line. */
export function atLine<T>(line: number, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw err instanceof LimitExceeded ? err.at(line) : err;
  }
}
