/** --build-arg values, as docker build reads them. */
import { usageError } from './errors.js';

/** `K=V`, or `K` alone: the value of K in the environment (unset there: the arg is not passed, as docker does). */
export function buildArgMap(args: readonly string[], env: NodeJS.ProcessEnv): Map<string, string> {
  const map = new Map<string, string>();
  for (const a of args) {
    const eq = a.indexOf('=');
    if (eq === 0) throw usageError(`--build-arg "${a}" has no name; use --build-arg NAME=value`);
    if (eq > 0) map.set(a.slice(0, eq), a.slice(eq + 1));
    else if (env[a] !== undefined) map.set(a, env[a] as string);
  }
  return map;
}
