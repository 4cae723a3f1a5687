/**
 * How each kind of text looks. Only the eight basic ANSI hues (which
 * terminal themes remap for dark and light backgrounds), never white, black
 * or gray, and meaning never rests on colour alone: every status is also a
 * word and a glyph. With colour off (NO_COLOR, --no-color) styles vanish but
 * the selection's inverse video, which is no colour and marks the cursor row
 * across its whole width.
 */
import type { StepStatus } from '../../plan/index.js';

/** `uncertain`: a `rebuilt?` step (it depends on what the build produces), told apart from a sure rebuild. */
/** `added`/`modified`/`deleted`: a file in an image layer's tree. */
export type Tone = StepStatus | 'uncertain' | 'added' | 'modified' | 'deleted' | 'origin' | 'dim' | 'title' | 'selected' | 'plain';

export interface TextStyle {
  readonly color?: string;
  readonly bold?: boolean;
  readonly dimColor?: boolean;
  readonly inverse?: boolean;
}

const STYLES: Readonly<Record<Tone, TextStyle>> = {
  cached: { color: 'green' },
  rebuilt: { color: 'red' },
  uncertain: { color: 'yellow' },
  added: { color: 'green' },
  modified: { color: 'yellow' },
  deleted: { color: 'red' },
  skipped: { dimColor: true },
  metadata: { color: 'magenta' },
  origin: { color: 'red', bold: true },
  dim: { dimColor: true },
  title: { bold: true },
  selected: { bold: true, inverse: true },
  plain: {},
};

export function styleFor(tone: Tone, color: boolean): TextStyle {
  if (color) return STYLES[tone];
  return tone === 'selected' ? SELECTED_PLAIN : {};
}

const SELECTED_PLAIN: TextStyle = { inverse: true };

/** How a step's status reads: `rebuilt?` is not `rebuilt`. */
export function statusTone(status: StepStatus, certain: boolean): Tone {
  return status === 'rebuilt' && !certain ? 'uncertain' : status;
}

export const STATUS_GLYPH: Readonly<Record<StepStatus, string>> = { cached: '✓', rebuilt: '↻', skipped: '·', metadata: '○' };

/** Marks the step where a rebuild cascade starts. */
export const ORIGIN_GLYPH = '▲';
export const CURSOR_GLYPH = '›';
