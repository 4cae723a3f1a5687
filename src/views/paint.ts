/** Colour is chosen at the edge (NO_COLOR, TTY, --no-color); views only call these. */
export interface Paint {
  readonly cached: (s: string) => string;
  readonly rebuilt: (s: string) => string;
  readonly skipped: (s: string) => string;
  readonly metadata: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const same = (s: string): string => s;
export const NO_PAINT: Paint = { cached: same, rebuilt: same, skipped: same, metadata: same, dim: same, bold: same };
