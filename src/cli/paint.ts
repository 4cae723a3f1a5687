/** The terminal's colours for the plain report (chalk at the edge; views get a Paint). */
import { Chalk } from 'chalk';
import { NO_PAINT, type Paint } from '../views/paint.js';

export function makePaint(color: boolean): Paint {
  if (!color) return NO_PAINT;
  const c = new Chalk({ level: 1 });
  return { cached: c.green, rebuilt: c.yellow, skipped: c.gray, metadata: c.blue, dim: c.dim, bold: c.bold };
}
