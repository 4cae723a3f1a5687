/** Which slice of a long list fits the terminal, keeping the focused line in view. */
export interface Window {
  readonly start: number;
  readonly end: number;
}

/** Lines `[start, end)` of `total` to show in `height` rows so that `focus` is visible, scrolled as little as possible from centre. */
export function visibleWindow(total: number, focus: number, height: number): Window {
  const rows = Math.max(1, height);
  if (total <= rows) return { start: 0, end: total };
  const start = Math.max(0, Math.min(focus - Math.floor(rows / 2), total - rows));
  return { start, end: start + rows };
}
