// Runs one build through each real builder and reads the steps it reported from its plain output.
// Each scenario starts from an empty cache: BuildKit builds on a base image of the case's own (the 20.10 engine of
// builders.sh is pruned instead), buildah gets a store of its own.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const buildersSh = path.join(here, '..', 'builders.sh');
const APPLETS = 'sh cat ls echo cp mv rm mkdir touch test true false env id chmod chown wc sleep tar grep sed stat find head tail sort md5sum sha256sum printf whoami pwd ln date readlink dirname basename cut tr uname'.split(' ');

/**
 * Which builders record: `current` (default) = Docker Engine 28.5 on /tmp/d28 (shared/builders/setup-docker.sh) and
 * buildah 1.43 through shared/builders/buildah; `debian` (LAYERPLAN_RECORD_BUILDERS=debian) = dockerd 20.10 and
 * buildah 1.28 as builders.sh starts them. The shared engine's cache is everyone's: a case never prunes it, it
 * builds on a base image of its own (a marker file in it), so no other build's layers can be hits for it.
 */
const PROFILE = process.env.LAYERPLAN_RECORD_BUILDERS === 'debian' ? 'debian' : 'current';
// shared/ sits beside main/, or two levels above a worktree (wt/NAME).
const sharedBuilders = process.env.LAYERPLAN_SHARED_BUILDERS ?? [3, 4].map((up) => path.resolve(here, ...Array(up + 1).fill('..'), 'shared', 'builders')).find((d) => fs.existsSync(d)) ?? '/work/shared/builders';
const DOCKER = PROFILE === 'current' ? '/tmp/d28/bin/docker' : '/usr/bin/docker';
const BUILDAH = PROFILE === 'current' ? [path.join(sharedBuilders, 'buildah')] : ['buildah'];
const dockerEnv = () => (PROFILE === 'current'
  ? { ...process.env, DOCKER_HOST: 'unix:///tmp/d28/docker.sock', DOCKER_CONFIG: '/tmp/d28/cfg' }
  : { ...process.env, DOCKER_HOST: process.env.DOCKER_HOST ?? 'unix:///tmp/d/docker.sock', DOCKER_BUILDKIT: '1' });

function run(cmd, args, env = process.env, input) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, timeout: 300_000, maxBuffer: 64 << 20, input });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

function mustRun(cmd, args, env, input) {
  const r = run(cmd, args, env, input);
  if (!r.ok) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.output}`);
  return r.output;
}

/** A busybox root file system with a marker file: a base image no other build has used. */
function markedRootfs(marker) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lp-rootfs-'));
  fs.mkdirSync(path.join(root, 'bin'));
  fs.mkdirSync(path.join(root, 'etc'));
  fs.mkdirSync(path.join(root, 'tmp'));
  fs.copyFileSync('/bin/busybox', path.join(root, 'bin', 'busybox'));
  fs.chmodSync(path.join(root, 'bin', 'busybox'), 0o755);
  for (const a of APPLETS) fs.symlinkSync('busybox', path.join(root, 'bin', a));
  fs.writeFileSync(path.join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n');
  fs.writeFileSync(path.join(root, 'etc', 'group'), 'root:x:0:\nnobody:x:65534:\n');
  fs.writeFileSync(path.join(root, 'etc', 'layerplan-marker'), `${marker}\n`);
  return root;
}

/** Common build flags: -f, --target, --build-arg and the scenario's docker build flags, as both CLIs take them. */
function buildFlags(dir, build, scenario, side, rewrite = (t) => t) {
  const flags = ['-f', path.join(dir, build.file ?? scenario.file ?? 'Dockerfile')];
  if (build.target) flags.push('--target', build.target);
  for (const [k, v] of Object.entries(build.args ?? {})) flags.push('--build-arg', `${k}=${v}`);
  const network = build.network ?? scenario.network;
  if (network && side === 'buildah') flags.push('--network', network);
  if (build.noCache) flags.push('--no-cache');
  for (const s of build.noCacheFilter ?? []) flags.push('--no-cache-filter', s);
  for (const [n, p] of Object.entries(build.buildContexts ?? {})) flags.push('--build-context', `${n}=${/^[a-z-]+:\/\//.test(p) ? imageContext(rewrite(p), side) : path.resolve(dir, p)}`);
  for (const p of build.platform ?? []) flags.push('--platform', p);
  return flags;
}

/** buildah resolves a short image name through registries: the local base is localhost/NAME. */
function imageContext(ref, side) {
  return side === 'buildah' ? ref.replace(/^docker-image:\/\/(?![^/]*[.:][^/]*\/)(?!localhost\/)/, 'docker-image://localhost/') : ref;
}

/** The version string of a recording's builder, for `result.versions`. */
export function builderVersion(name) {
  if (name === 'buildkit') return mustRun(DOCKER, ['version', '--format', '{{.Server.Version}}'], dockerEnv()).trim();
  return /version (\S+)/.exec(mustRun(BUILDAH[0], [...BUILDAH.slice(1), '--version']))?.[1] ?? 'unknown';
}

export const buildkit = {
  name: 'buildkit',
  base: null,
  /** debian: prune the private 20.10 engine; current: import a base image of the case's own (busybox + marker). */
  startScenario() {
    if (PROFILE === 'debian') {
      mustRun(DOCKER, ['builder', 'prune', '-af'], dockerEnv());
      return;
    }
    const marker = randomUUID();
    const root = markedRootfs(marker);
    try {
      const tar = spawnSync('tar', ['-C', root, '-c', '.'], { maxBuffer: 64 << 20 });
      this.base = `lp-record:${marker.slice(0, 12)}`;
      const r = spawnSync(DOCKER, ['import', '-', this.base], { input: tar.stdout, env: dockerEnv(), encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`docker import failed: ${r.stderr}`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  },
  /** Dockerfile text as this builder builds it: busybox:local is the case's own base. */
  rewrite(text) {
    return this.base ? text.replaceAll('busybox:local', this.base) : text;
  },
  build(dir, build, scenario) {
    const network = build.network ?? scenario.network ?? 'none';
    return run(DOCKER, ['build', '--network', network, '--progress=plain', ...buildFlags(dir, build, scenario, 'buildkit', (t) => this.rewrite(t)), dir], dockerEnv());
  },
  endScenario() {
    if (this.base) spawnSync(DOCKER, ['rmi', this.base], { env: dockerEnv(), encoding: 'utf8' });
    this.base = null;
  },
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
    return ['--root', path.join(this.store, 'root'), '--runroot', path.join(this.store, 'run')];
  },
  /** A store of the case's own (under /tmp: the 1.43 wrapper shares only /tmp with its chroot). */
  startScenario() {
    this.store = fs.mkdtempSync(path.join('/tmp', 'buildah-store-'));
    if (PROFILE === 'debian') {
      mustRun('bash', [buildersSh, 'buildah-base', ...this.flags()]);
      return;
    }
    const root = markedRootfs(randomUUID());
    try {
      const b = [...BUILDAH.slice(1), '--storage-driver', 'vfs', ...this.flags()];
      const c = mustRun(BUILDAH[0], [...b, 'from', 'scratch']).trim().split('\n').pop();
      mustRun(BUILDAH[0], [...b, 'copy', c, `${root}/`, '/']);
      mustRun(BUILDAH[0], [...b, 'commit', '--quiet', c, 'localhost/busybox:local']);
      mustRun(BUILDAH[0], [...b, 'rm', c]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  },
  rewrite(text) {
    return text;
  },
  build(dir, build, scenario) {
    return run(BUILDAH[0], [...BUILDAH.slice(1), '--storage-driver', 'vfs', ...this.flags(), 'bud', '--layers', '--isolation', 'chroot', ...buildFlags(dir, build, scenario, 'buildah'), dir]);
  },
  endScenario() {
    if (!this.store) return;
    spawnSync(BUILDAH[0], [...BUILDAH.slice(1), '--storage-driver', 'vfs', ...this.flags(), 'rm', '--all'], { encoding: 'utf8' });
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
