/** Which slice of a long list fits the terminal, keeping the focused line in view, and where the slice is. */
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

export interface StickyWindow extends Window {
  /** A heading scrolled out above `start`, pinned to the first row; null when the window begins at a heading or the top. */
  readonly pinned: number | null;
}

/**
 * A window whose first row always names the section it is in: when the
 * slice starts inside a section, that section's heading takes the top row.
 */
export function stickyWindow(isHeading: readonly boolean[], focus: number, height: number): StickyWindow {
  const total = isHeading.length;
  const plain = visibleWindow(total, focus, height);
  if (plain.start === 0 || isHeading[plain.start]) return { ...plain, pinned: null };
  const win = visibleWindow(total - 1, focus - 1, Math.max(1, height - 1));
  const start = win.start + 1;
  const pinned = lastHeadingBefore(isHeading, start);
  return { start, end: win.end + 1, pinned: pinned !== null && !isHeading[start] ? pinned : null };
}

function lastHeadingBefore(isHeading: readonly boolean[], index: number): number | null {
  for (let i = index - 1; i >= 0; i--) if (isHeading[i]) return i;
  return null;
}

/** "12-30 of 45 ↑↓": which lines are shown, and arrows for the directions there is more; '' when all fit. */
export function scrollPosition(win: Window, total: number): string {
  if (win.start === 0 && win.end >= total) return '';
  const arrows = `${win.start > 0 ? '↑' : ''}${win.end < total ? '↓' : ''}`;
  return `${win.start + 1}-${win.end} of ${total} ${arrows}`;
}
