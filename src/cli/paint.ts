/** The terminal's colours for the plain report (chalk at the edge; views get a Paint). */
import { Chalk } from 'chalk';
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
  const c = new Chalk({ level: 1 });
  return { cached: c.green, rebuilt: c.yellow, skipped: c.gray, metadata: c.blue, dim: c.dim, bold: c.bold };
}
