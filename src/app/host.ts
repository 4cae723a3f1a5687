/**
 * What the use cases read of the machine besides files: the working folder,
 * the environment, the CPU architecture, the clock and the process id. Only
 * cli/ reads them from `process`; tests pass literals.
 */
export interface Host {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Node's name for the CPU (`process.arch`): x64, arm64, ... */
  readonly arch: string;
  readonly now: () => Date;
  readonly pid: number;
}
