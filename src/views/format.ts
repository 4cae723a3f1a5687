/** The small text helpers every view shares: sizes, widths, one-line instructions, durations. */
export { oneLine } from '../parse/one-line.js';
export { formatSeconds as seconds } from '../timings/duration.js';

/** Decimal units like `docker images` (1 kB = 1000 B). */
export function bytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = n / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** At most `width` characters, an ellipsis marking a cut. */
export function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
