/** The terminal's colours for the plain report (ANSI at the edge; views get a Paint). */
import { NO_PAINT, type Paint } from '../views/paint.js';
import type { CommandIO } from './command.js';

/** Colour only for a terminal, never under NO_COLOR or --no-color; FORCE_COLOR=1..3 forces it into a pipe. */
export function wantsColor(noColorFlag: boolean, io: CommandIO): boolean {
  if (noColorFlag || io.env.NO_COLOR) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return Boolean(io.stdout.isTTY);
}

export function makePaint(color: boolean): Paint {
  if (!color) return NO_PAINT;
  return { cached: sgr(32, 39), rebuilt: sgr(33, 39), skipped: sgr(90, 39), metadata: sgr(34, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
}

/**
 * One 16-colour style, written as chalk at level 1 writes it (the same bytes): a nested style's close
 * reopens this one, and each line is closed and reopened so a pager or CI log that cuts lines keeps
 * colours. Plain escape codes, because loading chalk (and node:tty) costs the pre-commit hook start-up.
 */
function sgr(open: number, close: number): (text: string) => string {
  const on = `\u001b[${open}m`;
  const off = `\u001b[${close}m`;
  return (text) => {
    if (!text) return text;
    const body = text.split(off).join(`${off}${on}`).replace(/\r?\n/g, (nl) => `${off}${nl}${on}`);
    return `${on}${body}${off}`;
  };
}
