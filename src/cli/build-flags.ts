/**
 * The one table of `layerplan build`'s flags: docker build's own (so a
 * command line copied from a script plans as it is) and layerplan's. Each
 * says what it does to the plan; the parser options and the help text are
 * made from it.
 */
import type { ParseArgsConfig } from 'node:util';

type Option = NonNullable<ParseArgsConfig['options']>[string];

/** keyed: changes cache keys; selects: changes which steps are planned; none: accepted, no effect on the plan. */
export type FlagEffect = 'keyed' | 'selects' | 'none' | 'layerplan';

export interface BuildFlag {
  readonly name: string;
  readonly short?: string;
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly default?: string | boolean;
  readonly arg?: string;
  readonly effect: FlagEffect;
  readonly help: string;
}

export const BUILD_FLAGS: readonly BuildFlag[] = [
  { name: 'file', short: 'f', type: 'string', arg: 'FILE', effect: 'keyed', help: 'Dockerfile to plan (default: DIR/Dockerfile, else DIR/Containerfile); - reads it from stdin' },
  { name: 'target', type: 'string', arg: 'STAGE', effect: 'selects', help: 'plan only the stages STAGE needs (default: the last stage)' },
  { name: 'build-arg', type: 'string', multiple: true, arg: 'K=V', effect: 'keyed', help: 'set a build argument; K alone takes its value from the environment (repeatable)' },
  { name: 'platform', type: 'string', multiple: true, arg: 'P[,P]', effect: 'keyed', help: 'target platform(s), e.g. linux/arm64 (default: this machine\'s); several: one plan per platform where they differ' },
  { name: 'network', type: 'string', arg: 'MODE', default: 'default', effect: 'keyed', help: 'network mode of every RUN: default, none or host (a RUN --network equal to it keeps its cache)' },
  { name: 'no-cache', type: 'boolean', default: false, effect: 'keyed', help: 'plan a build without the cache: every step rebuilt (reason no-cache)' },
  { name: 'no-cache-filter', type: 'string', multiple: true, arg: 'STAGE', effect: 'keyed', help: 'rebuild the named stage(s) without the cache (repeatable, or comma-separated)' },
  { name: 'build-context', type: 'string', multiple: true, arg: 'NAME=PATH', effect: 'keyed', help: 'a named context: a folder, or docker-image://REF, read by COPY --from=NAME and FROM NAME (it wins over a stage of that name)' },
  { name: 'secret', type: 'string', multiple: true, arg: 'id=ID,...', effect: 'none', help: 'accepted; secrets are not part of any cache key' },
  { name: 'ssh', type: 'string', multiple: true, arg: 'default|ID', effect: 'none', help: 'accepted; SSH agent sockets are not part of any cache key' },
  { name: 'tag', short: 't', type: 'string', multiple: true, arg: 'NAME', effect: 'none', help: 'accepted; the image name does not change the cache' },
  { name: 'pull', type: 'boolean', default: false, effect: 'none', help: 'accepted; base images are identified through the local engine' },
  { name: 'load', type: 'boolean', default: false, effect: 'none', help: 'accepted, no effect on the plan' },
  { name: 'push', type: 'boolean', default: false, effect: 'none', help: 'accepted, no effect on the plan' },
  { name: 'output', short: 'o', type: 'string', multiple: true, arg: 'SPEC', effect: 'none', help: 'accepted, no effect on the plan' },
  { name: 'label', type: 'string', multiple: true, arg: 'K=V', effect: 'none', help: 'accepted; image labels are set after the last layer' },
  { name: 'progress', type: 'string', arg: 'MODE', effect: 'none', help: 'accepted, no effect on the plan' },
  { name: 'quiet', short: 'q', type: 'boolean', default: false, effect: 'none', help: 'accepted, no effect on the plan' },
  { name: 'service', type: 'string', multiple: true, arg: 'NAME', effect: 'layerplan', help: 'plan this compose service (repeatable; default: every service with a build section)' },
  { name: 'bake-target', type: 'string', multiple: true, arg: 'NAME', effect: 'layerplan', help: 'plan this bake target or group (repeatable; default: the group "default")' },
  { name: 'compose-file', type: 'string', multiple: true, arg: 'F', effect: 'layerplan', help: 'compose file(s) to read, as docker compose -f (default: COMPOSE_FILE, else DIR/compose.yaml and its override)' },
  { name: 'bake-file', type: 'string', multiple: true, arg: 'F', effect: 'layerplan', help: 'bake file(s) to read, as docker buildx bake -f (default: BUILDX_BAKE_FILE, else buildx\'s list)' },
  { name: 'exec', type: 'boolean', default: false, effect: 'layerplan', help: 'run the real build after planning (docker buildx build, buildah bud, podman build); arguments after -- go to the builder unchanged' },
  { name: 'builder', type: 'string', default: 'buildkit', arg: 'B', effect: 'layerplan', help: 'buildkit (Docker 28.5), buildah (1.43; also podman), or NAME@VERSION, e.g. buildah@1.28' },
  { name: 'cache-dir', type: 'string', arg: 'DIR', effect: 'layerplan', help: 'cache store (default: $LAYERPLAN_CACHE_DIR, else $XDG_CACHE_HOME/layerplan, else ~/.cache/layerplan)' },
  { name: 'json', type: 'boolean', default: false, effect: 'layerplan', help: 'print the plan as JSON (schemaVersion 1); the same as --format json' },
  { name: 'format', type: 'string', arg: 'F', effect: 'layerplan', help: 'text, json or markdown (a table of the steps that rebuild, for a PR comment or $GITHUB_STEP_SUMMARY)' },
  { name: 'against', type: 'string', arg: 'NAME', effect: 'layerplan', help: 'compare with a team\'s shared real builds (refs/layerplan/NAME, see layerplan push and pull)' },
  { name: 'assume-built', type: 'boolean', default: false, effect: 'layerplan', help: 'count this plan as built: record it, so the next plan compares with it (also: LAYERPLAN_ASSUME_BUILT=1)' },
  { name: 'dry-run', type: 'boolean', default: false, effect: 'layerplan', help: 'record nothing (a plain plan records nothing anyway; kept for scripts); wins over --assume-built' },
  { name: 'exit-code', type: 'boolean', default: false, effect: 'layerplan', help: 'exit 10 when any step would be rebuilt, 0 when all are cached' },
  { name: 'no-color', type: 'boolean', default: false, effect: 'layerplan', help: 'no colours (also: NO_COLOR=1)' },
  { name: 'no-tui', type: 'boolean', default: false, effect: 'layerplan', help: 'print the plain report even in a terminal (also when CI is set or output is piped)' },
  { name: 'debug', type: 'boolean', default: false, effect: 'layerplan', help: 'show stack traces for errors' },
];

/** The table as node:util parseArgs options (a loop, not spreads: made at every start, where a spread is slow code). */
export function buildFlagOptions(): Record<string, Option> {
  const options: Record<string, Option> = {};
  for (const f of BUILD_FLAGS) {
    const o: { type: BuildFlag['type']; short?: string; multiple?: boolean; default?: string | boolean } = { type: f.type };
    if (f.short) o.short = f.short;
    if (f.multiple) o.multiple = true;
    if (f.default !== undefined && !f.multiple) o.default = f.default;
    options[f.name] = o as Option;
  }
  return options;
}

/** Help lines for the flags of one kind (docker build's own, or layerplan's). */
export function flagHelp(which: 'docker' | 'layerplan'): string {
  return BUILD_FLAGS.filter((f) => (f.effect === 'layerplan') === (which === 'layerplan'))
    .map((f) => `  ${flagHead(f).padEnd(HEAD_WIDTH)}${f.help}`)
    .join('\n');
}

function flagHead(f: BuildFlag): string {
  return `${f.short ? `-${f.short}, ` : '    '}--${f.name}${f.arg ? ` ${f.arg}` : ''}`;
}

/** One column for both tables, two spaces past the longest head (a fixed width ran `--no-cache-filter STAGE` into its text). */
const HEAD_WIDTH = Math.max(...BUILD_FLAGS.map((f) => flagHead(f).length)) + 2;
