/**
 * How each kind of text looks. Only the eight basic ANSI hues (which
 * terminal themes remap for dark and light backgrounds), never white, black
 * or gray, and meaning never rests on colour alone: every status is also a
 * word and a glyph. With colour off (NO_COLOR, --no-color) styles vanish.
 */
import type { StepStatus } from '../../plan/index.js';

export type Tone = StepStatus | 'origin' | 'dim' | 'title' | 'selected' | 'plain';

export interface TextStyle {
  readonly color?: string;
  readonly bold?: boolean;
  readonly dimColor?: boolean;
  readonly inverse?: boolean;
}

const STYLES: Readonly<Record<Tone, TextStyle>> = {
  cached: { color: 'green' },
  rebuilt: { color: 'red' },
  skipped: { dimColor: true },
  metadata: { color: 'magenta' },
  origin: { color: 'red', bold: true },
  dim: { dimColor: true },
  title: { bold: true },
  selected: { bold: true },
  plain: {},
};

export function styleFor(tone: Tone, color: boolean): TextStyle {
  return color ? STYLES[tone] : {};
}

export const STATUS_GLYPH: Readonly<Record<StepStatus, string>> = { cached: '✓', rebuilt: '↻', skipped: '·', metadata: '○' };

/** Marks the step where a rebuild cascade starts. */
export const ORIGIN_GLYPH = '▲';
export const CURSOR_GLYPH = '›';
