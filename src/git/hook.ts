/**
 * The pre-commit hook: installed into the folder git runs hooks from
 * (core.hooksPath honoured). An existing hook is never overwritten: it is
 * kept beside ours as `pre-commit.pre-layerplan` and runs first (it may
 * stage files we should see); uninstall puts it back byte for byte.
 */
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { errorCode } from '../lang/error-code.js';

export const MARKER = '# layerplan pre-commit hook';
export const CHAINED = 'pre-commit.pre-layerplan';
/** The folder of npx's cache (_npx/THIS) that `npx layerplan` installs into and looks in: libnpmexec names it by the sha512 of the package specs. */
export const NPX_DIR = createHash('sha512').update('layerplan').digest('hex').slice(0, 16);

export type InstallResult = { readonly kind: 'installed' | 'updated'; readonly hook: string; readonly chained: string | null };
export type UninstallResult =
  | { readonly kind: 'removed'; readonly hook: string; readonly restored: string | null }
  | { readonly kind: 'not-installed'; readonly hook: string };

export class HookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HookError';
  }
}

/**
 * The script. `command` (already shell-quoted) is how to start layerplan; null,
 * the default, finds it when the hook runs: the repository's
 * node_modules/.bin, then PATH, then `npx --no-install`. Nothing in it names
 * a clone or a machine, so it keeps working when the tool moves and can be
 * shared. Not found: one line, and the commit goes on (refused with --strict).
 */
export function hookScript(command: string | null, checkArgs: readonly string[]): string {
  const args = `check --staged${checkArgs.map((a) => ` ${shellQuote(a)}`).join('')}`;
  // Builtins and parameter expansion only on the way to layerplan (no dirname, no git rev-parse):
  // every process the hook starts before node is time added to each commit.
  return `#!/bin/sh
${MARKER}: installed by \`layerplan hook install\`, removed by \`layerplan hook uninstall\`.
# A hook that was here before is kept as ${CHAINED} and runs first.
case $0 in */*) hook_dir=\${0%/*} ;; *) hook_dir=. ;; esac
if [ -x "$hook_dir/${CHAINED}" ]; then
  "$hook_dir/${CHAINED}" "$@" || exit $?
fi
${command === null ? lookup(checkArgs.includes('--strict'), args) : `exec ${command} ${args}`}
`;
}

/**
 * Git runs the hook from the top of the work tree, so node_modules/.bin is
 * looked up there first; git is asked for the top only when the hook was
 * started from elsewhere. Then every place `npx --no-install` itself looks
 * (libnpmexec): a node_modules/.bin further up and npm's global bin are run
 * directly, as npx would run them; npx itself (a node process of ~1 s that
 * asks the registry, seconds offline) only where nothing but npx can run it:
 * its cache holds `npx layerplan`'s install, a node_modules/layerplan has no bin link, or a
 * package.json up the tree has a bin and names layerplan. Nowhere: one line,
 * at once.
 */
function lookup(strict: boolean, args: string): string {
  return `if [ -x node_modules/.bin/layerplan ]; then
  exec node_modules/.bin/layerplan ${args}
elif command -v layerplan >/dev/null 2>&1; then
  exec layerplan ${args}
fi
root=$(git rev-parse --show-toplevel 2>/dev/null)
dir=\${root:-$PWD}
while [ -n "$dir" ]; do
  if [ -x "$dir/node_modules/.bin/layerplan" ]; then
    exec "$dir/node_modules/.bin/layerplan" ${args}
  fi
  dir=\${dir%/*}
done
npmrc() { sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "\${NPM_CONFIG_USERCONFIG:-\${npm_config_userconfig:-$HOME/.npmrc}}" 2>/dev/null | tail -n 1; }
home() { case $1 in "~/"*) echo "$HOME/\${1#"~/"}" ;; *) echo "$1" ;; esac; }
prefix=$(home "\${npm_config_prefix:-\${NPM_CONFIG_PREFIX:-$(npmrc prefix)}}")
if [ -n "$prefix" ] && [ -x "$prefix/bin/layerplan" ]; then
  exec "$prefix/bin/layerplan" ${args}
fi
npx_may_run() {
  command -v npx >/dev/null 2>&1 || return 1
  cache=$(home "\${npm_config_cache:-\${NPM_CONFIG_CACHE:-$(npmrc cache)}}")
  if [ -e "\${cache:-$HOME/.npm}/_npx/${NPX_DIR}/node_modules/.bin/layerplan" ]; then return 0; fi
  dir=\${root:-$PWD}
  while [ -n "$dir" ]; do
    if [ -d "$dir/node_modules/layerplan" ]; then return 0; fi
    if [ -f "$dir/package.json" ] && grep -q '"bin"' "$dir/package.json" && grep -q '"layerplan"' "$dir/package.json"; then return 0; fi
    dir=\${dir%/*}
  done
  return 1
}
if npx_may_run && npx --no-install layerplan --version >/dev/null 2>&1; then
  exec npx --no-install layerplan ${args}
fi
echo "layerplan: not found in node_modules/.bin, on PATH or through npx; ${strict ? 'commit refused (--strict); install it (npm install --save-dev layerplan) or commit with --no-verify' : 'commit not checked; install it with npm install --save-dev layerplan'}" >&2
exit ${strict ? 1 : 0}`;
}

export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function installHook(hooksDir: string, script: string): InstallResult {
  mkdirSync(hooksDir, { recursive: true });
  const hook = path.join(hooksDir, 'pre-commit');
  const chained = path.join(hooksDir, CHAINED);
  const current = readOrNull(hook);
  if (current !== null && current.includes(MARKER)) {
    writeHook(hook, script);
    return { kind: 'updated', hook, chained: present(chained) ? chained : null };
  }
  // Anything there (a dangling symlink too) is somebody's hook: moved aside, never written through.
  const existing = present(hook);
  if (existing) {
    if (present(chained)) throw new HookError(`${chained} already exists, and ${hook} is not layerplan's: move one of them away, then run layerplan hook install again`);
    renameSync(hook, chained);
  }
  writeHook(hook, script);
  return { kind: 'installed', hook, chained: existing ? chained : null };
}

export function uninstallHook(hooksDir: string): UninstallResult {
  const hook = path.join(hooksDir, 'pre-commit');
  const chained = path.join(hooksDir, CHAINED);
  const current = readOrNull(hook);
  if (current === null || !current.includes(MARKER)) return { kind: 'not-installed', hook };
  if (present(chained)) {
    renameSync(chained, hook);
    return { kind: 'removed', hook, restored: hook };
  }
  unlinkSync(hook);
  return { kind: 'removed', hook, restored: null };
}

function writeHook(file: string, script: string): void {
  writeFileSync(file, script);
  chmodSync(file, 0o755);
}

/** Whether anything is at `file`, a symlink that points nowhere included. */
function present(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return false;
    throw err;
  }
}

/** The file's text through symlinks; null when nothing is there or a link dangles. */
function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return null;
    throw err;
  }
}
