/**
 * What BuildKit puts into each step's cache key (dockerfile2llb + the ops'
 * CacheMap): only RUN, COPY/ADD and non-root WORKDIR make cache records;
 * RUN hashes argv, env, cwd, user and mounts; COPY hashes the copy action and
 * the content of what it reads; ENV/LABEL/CMD... only change config.
 */
import type { Mount, Step, StepOp } from '../graph/index.js';
import type { StepDescription } from './describe.js';
import { fileInputs, stageReads } from './describe.js';
import type { ContextView, HashFn } from './types.js';
import { assertNever } from '../lang/assert-never.js';
import { ownerKey } from './owner.js';

/** What the whole build sets for every step (docker build's flags). */
export interface BuildkitBuild {
  /** --network of the build: BuildKit forces it on every RUN that does not set its own. */
  readonly network: string;
}

export function describeBuildkit(step: Step, ctx: ContextView, hash: HashFn, build: BuildkitBuild): StepDescription | null {
  const { op, state } = step;
  switch (op.kind) {
    case 'workdir':
      if (op.path === '/') return null;
      return base({ op: `WORKDIR ${op.path}`, settings: { user: state.user } });
    case 'run':
      return base({
        op: JSON.stringify({ argv: op.argv, network: runNetwork(op.network, build.network), security: op.security, mounts: op.mounts.map(mountKey) }),
        env: state.env,
        settings: { workdir: state.workdir, user: state.user },
        files: fileInputs(step, ctx, hash),
        readsStages: stageReads(op),
      });
    case 'copy':
      return base({ op: copyAction(op), files: fileInputs(step, ctx, hash), readsStages: stageReads(op) });
    case 'from':
    case 'arg':
    case 'config':
      return null;
    default:
      return assertNever(op);
  }
}

/**
 * The network mode in a RUN's key: `RUN --network=none|host` sets it, anything else (no flag, `default`) takes the
 * build's. So `RUN --network=none` in a `docker build --network none` is the same step as a plain RUN (recorded:
 * run-network-flag, run-network-vs-build).
 */
function runNetwork(flag: string | null, buildMode: string): string {
  const mode = flag === 'none' || flag === 'host' ? flag : buildMode;
  return mode === 'sandbox' ? 'default' : mode;
}

function base(d: Partial<StepDescription> & { op: string }): StepDescription {
  return { env: [], settings: {}, files: [], readsStages: [], ...d };
}

/** BuildKit (as in dockerd 20.10) keys a cache mount by id (default: its target), sharing and ownership, never its contents. */
function mountKey(m: Mount): Record<string, string> {
  const o = m.options;
  switch (m.type) {
    case 'cache':
      return { type: 'cache', target: o.target ?? '', id: o.id ?? o.target ?? '', sharing: o.sharing ?? 'shared', from: o.from ?? '', source: o.source ?? '', mode: o.mode ?? '', uid: o.uid ?? '', gid: o.gid ?? '', readonly: o.readonly ?? '' };
    case 'secret':
    case 'ssh':
      return { type: m.type, id: o.id ?? '', target: o.target ?? '', env: o.env ?? '', required: o.required ?? '', mode: o.mode ?? '', uid: o.uid ?? '', gid: o.gid ?? '' };
    case 'tmpfs':
      return { type: 'tmpfs', target: o.target ?? '', size: o.size ?? '' };
    default:
      // bind: the source's content is hashed separately (fileInputs), so only the shape is here.
      return { type: m.type, target: o.target ?? '', source: o.source ?? '', from: o.from ?? '', readwrite: o.readwrite ?? '' };
  }
}

/**
 * The FileOp copy action: destination, ownership, mode and flags; sources by basename, as BuildKit keeps them.
 * `--link` is not in it: adding it to an unchanged COPY keeps the cache (recorded: copy-link-added).
 */
function copyAction(op: Extract<StepOp, { kind: 'copy' }>): string {
  const basenames = op.sources.map((s) => s.replace(/\/+$/, '').split('/').pop() ?? s);
  return JSON.stringify({
    add: op.add, dest: op.dest, chown: ownerKey(op.chown, 'buildkit'), chmod: op.chmod, exclude: op.exclude, parents: op.parents,
    checksum: op.checksum, keepGitDir: op.keepGitDir, sources: basenames, remote: op.remote, inline: op.inline,
    from: op.from.kind === 'image' ? op.from.ref : op.from.kind,
  });
}
