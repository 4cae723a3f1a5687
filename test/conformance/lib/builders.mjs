// Runs one build through each real builder and reads the steps it reported from its plain output.
// Each scenario starts from an empty cache: BuildKit's build cache is pruned, buildah gets a store of its own.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const buildersSh = path.join(here, '..', 'builders.sh');
const DOCKER = '/usr/bin/docker'; // Debian's 20.10 client; another `docker` may come earlier on PATH
const dockerEnv = () => ({ ...process.env, DOCKER_HOST: process.env.DOCKER_HOST ?? 'unix:///tmp/d/docker.sock', DOCKER_BUILDKIT: '1' });

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, timeout: 300_000, maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

function mustRun(cmd, args, env) {
  const r = run(cmd, args, env);
  if (!r.ok) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.output}`);
  return r.output;
}

/** Common build flags: -f, --target, --build-arg, in the order both CLIs accept. */
function buildFlags(dir, build, scenario) {
  const flags = ['-f', path.join(dir, build.file ?? scenario.file ?? 'Dockerfile')];
  if (build.target) flags.push('--target', build.target);
  for (const [k, v] of Object.entries(build.args ?? {})) flags.push('--build-arg', `${k}=${v}`);
  return flags;
}

export const buildkit = {
  name: 'buildkit',
  startScenario() {
    mustRun(DOCKER, ['builder', 'prune', '-af'], dockerEnv());
  },
  build(dir, build, scenario) {
    return run(DOCKER, ['build', '--network', 'none', '--progress=plain', ...buildFlags(dir, build, scenario), dir], dockerEnv());
  },
  endScenario() {},
  /** "#N [stage i/n] TEXT" names a vertex; "#N CACHED" marks it taken from the cache. */
  parse(output) {
    const vertices = new Map();
    const cached = new Set();
    for (const line of output.split('\n')) {
      const named = /^#(\d+) \[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/.exec(line);
      if (named) {
        const [, id, stage = '', index, , text] = named;
        if (!vertices.has(id) && !/^FROM\s/i.test(text)) vertices.set(id, { stage, index: Number(index), text });
        continue;
      }
      const c = /^#(\d+) CACHED\s*$/.exec(line);
      if (c) cached.add(c[1]);
    }
    return [...vertices].map(([id, v]) => ({ ...v, cached: cached.has(id) }));
  },
};

export const buildah = {
  name: 'buildah',
  store: null,
  flags() {
    return ['--storage-driver', 'vfs', '--root', path.join(this.store, 'root'), '--runroot', path.join(this.store, 'run')];
  },
  startScenario() {
    this.store = fs.mkdtempSync(path.join(os.tmpdir(), 'buildah-store-'));
    mustRun('bash', [buildersSh, 'buildah-base', ...this.flags()]);
  },
  build(dir, build, scenario) {
    return run('buildah', [...this.flags(), 'bud', '--layers', '--isolation', 'chroot', ...buildFlags(dir, build, scenario), dir]);
  },
  endScenario() {
    if (!this.store) return;
    spawnSync('buildah', [...this.flags(), 'rm', '--all'], { encoding: 'utf8' });
    fs.rmSync(this.store, { recursive: true, force: true });
    this.store = null;
  },
  /** "[s/S] STEP k/m: TEXT" starts a step; "--> Using cache <id>" before the next one marks a hit. */
  parse(output) {
    const steps = [];
    for (const line of output.split('\n')) {
      const step = /^(?:\[(\d+)\/\d+\] )?STEP (\d+)\/\d+: (.*)$/.exec(line);
      if (step) {
        steps.push({ stage: Number(step[1] ?? 1), step: Number(step[2]), text: step[3], cached: false });
        continue;
      }
      const last = steps[steps.length - 1];
      if (last && line.startsWith('--> Using cache ')) last.cached = true;
    }
    return steps;
  },
};

/** The last lines of a failed build's output: what the builder said went wrong. */
export function failureText(output) {
  const lines = output.trim().split('\n');
  const err = lines.filter((l) => /error|failed|not found|unknown|invalid/i.test(l));
  return (err.length ? err.slice(-3) : lines.slice(-3)).join('\n');
}
