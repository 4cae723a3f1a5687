/** The first row of every view: what is shown, and at its right end where the list is scrolled to (when it does not fit). */
import { Text } from 'ink';
import { truncate } from '../format.js';
import { styleFor } from './palette.js';

export interface TitleBarProps {
  readonly title: string;
  /** From `scrollPosition`; '' when everything fits. */
  readonly position: string;
  readonly width: number;
  readonly color: boolean;
}

export function TitleBar({ title, position, width, color }: TitleBarProps) {
  const { left, right } = titleParts(title, position, width);
  return (
    <Text wrap="truncate-end">
      <Text {...styleFor('title', color)}>{left}</Text>
      <Text {...styleFor('dim', color)}>{right}</Text>
    </Text>
  );
}

/** The title cut to leave room for the position, which is right-aligned. */
export function titleParts(title: string, position: string, width: number): { readonly left: string; readonly right: string } {
  if (!position) return { left: truncate(title, width), right: '' };
  const room = Math.max(1, width - position.length - 2);
  const left = truncate(title, room);
  return { left, right: `${' '.repeat(Math.max(2, width - left.length - position.length))}${position}` };
}
