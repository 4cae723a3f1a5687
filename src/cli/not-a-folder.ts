/**
 * build's error for a context argument that is not a folder, with the command the user most likely meant:
 * `layerplan build compose.yaml` reads as "plan my compose file", `layerplan build app.Dockerfile` as
 * "plan this Dockerfile", and both are flags of the folder (as docker build -f, docker compose -f).
 */
import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { CliError } from './errors.js';

/** `typed` is the argument as given (for the suggestion), `resolved` the path it names. */
export function contextNotAFolder(typed: string, resolved: string): CliError {
  if (!exists(resolved)) return new CliError(`build context ${resolved} does not exist; pass the folder that holds your build context (docker build's PATH)`, 'E_NO_CONTEXT');
  // the flags' paths are the working folder's, as docker's -f are: the argument goes in as typed
  const name = basename(typed);
  const [what, flag] = /^(docker-)?compose\b.*\.ya?ml$/i.test(name) ? ['a compose file', '--compose-file'] : /\.hcl$|^docker-bake\b.*\.json$/i.test(name) ? ['a bake file', '--bake-file'] : ['a file', '-f'];
  return new CliError(`build context ${resolved} is ${what}, not a folder; to plan it: layerplan build ${dirname(typed)} ${flag} ${typed}`, 'E_NO_CONTEXT');
}

/** A path through a file (ENOTDIR) or one we may not look at counts as missing, as for docker build. */
function exists(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}
