/**
 * The Docker CLI plugin (`docker layerplan …`, bin/docker-layerplan). Docker
 * runs a plugin as `docker-layerplan docker-cli-plugin-metadata` to learn
 * what it is, and then as `docker-layerplan layerplan ARGS…` for
 * `docker layerplan ARGS…`. `docker layerplan build` takes `docker build`'s
 * command line and runs it as `layerplan build --exec`: the flags layerplan
 * plans with (-f, --target, --build-arg) go to it, every other flag goes to
 * the builder after `--`, and the context stays the context.
 */
import { VERSION } from './version.js';

export const PLUGIN_METADATA = {
  SchemaVersion: '0.1.0',
  Vendor: 'layerplan',
  Version: VERSION,
  ShortDescription: 'Build, and see which layers were predicted cached or rebuilt, and why',
};

/** docker build flags that take a value (as a separate argument or after `=`). */
const VALUE_FLAGS = new Set([
  '-t', '--tag', '--platform', '--network', '--label', '--cache-from', '--cache-to', '--secret', '--ssh',
  '--build-context', '-o', '--output', '--progress', '--iidfile', '--metadata-file', '--add-host', '--cgroup-parent',
  '--shm-size', '--ulimit', '--builder', '--allow', '--attest', '--annotation', '--provenance', '--sbom', '--call',
  '--no-cache-filter', '-m', '--memory', '--memory-swap', '--cpu-shares', '--cpuset-cpus', '--isolation', '--security-opt',
]);
/** The ones layerplan plans with (the builder still gets them, from the plan), and layerplan's own. */
const PLAN_FLAGS = new Set(['-f', '--file', '--target', '--build-arg', '--cache-dir']);
const OWN_SWITCHES = new Set(['--json', '--exit-code', '--no-color', '--no-tui', '--dry-run', '--debug']);

/** argv after the plugin name → layerplan's argv. */
export function pluginArgv(args: readonly string[]): string[] {
  if (args[0] !== 'build' && args[0] !== 'buildx') return [...args];
  const rest = args[0] === 'buildx' && args[1] === 'build' ? args.slice(2) : args.slice(1);
  const mine: string[] = [];
  const builder: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const [name] = arg.split('=', 1) as [string];
    const inline = arg.includes('=') && arg.startsWith('--');
    const takesValue = PLAN_FLAGS.has(name) || VALUE_FLAGS.has(name);
    const value = takesValue && !inline ? rest[++i] : undefined;
    const pair = value === undefined ? [arg] : [arg, value];
    if (!arg.startsWith('-') || arg === '-') positionals.push(arg);
    else if (PLAN_FLAGS.has(name) || OWN_SWITCHES.has(arg)) mine.push(...pair);
    else builder.push(...pair);
  }
  return ['build', ...positionals, '--exec', ...mine, ...(builder.length ? ['--', ...builder] : [])];
}
