/**
 * A module-resolution hook (node:module register) that appends every resolved
 * URL to $LAYERPLAN_MODULE_LOG: how the tests see which modules a CLI run loads.
 */
import { appendFileSync } from 'node:fs';

type Next = (specifier: string, context: unknown) => Promise<{ url: string }>;

export async function resolve(specifier: string, context: unknown, next: Next): Promise<{ url: string }> {
  const result = await next(specifier, context);
  const log = process.env.LAYERPLAN_MODULE_LOG;
  if (log) appendFileSync(log, `${result.url}\n`);
  return result;
}
