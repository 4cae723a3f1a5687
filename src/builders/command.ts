/**
 * The command line of a real build, from what the plan was made with: the
 * same Dockerfile, context, target and build args, then the user's own
 * arguments (after `--`) unchanged, then the context. BuildKit through
 * `docker buildx build --progress=rawjson` when the buildx plugin is there,
 * else `docker build --progress=plain` (BuildKit on); buildah and podman
 * with `--layers`, the only way they cache.
 */
export type BuilderName = 'docker' | 'buildah' | 'podman';

export interface BuildRequest {
  readonly contextDir: string;
  readonly dockerfile: string;
  readonly target: string | null;
  readonly buildArgs: ReadonlyMap<string, string>;
  /** Arguments after `--`, passed to the builder as they are. */
  readonly passthrough: readonly string[];
}

export interface BuilderCommand {
  readonly program: string;
  readonly args: readonly string[];
  /** How its progress stream is read. */
  readonly stream: 'rawjson' | 'plain' | 'buildah';
  /** Added to the environment. */
  readonly env: Readonly<Record<string, string>>;
  /** As users would type it: `docker buildx build`, `buildah bud`. */
  readonly label: string;
}

export function builderCommand(builder: BuilderName, program: string, req: BuildRequest, hasBuildx: boolean): BuilderCommand {
  const common = [
    '-f', req.dockerfile,
    ...(req.target ? ['--target', req.target] : []),
    ...[...req.buildArgs].flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
    ...req.passthrough,
    req.contextDir,
  ];
  if (builder === 'buildah') return { program, args: ['bud', '--layers', ...common], stream: 'buildah', env: {}, label: 'buildah bud --layers' };
  if (builder === 'podman') return { program, args: ['build', '--layers', ...common], stream: 'buildah', env: {}, label: 'podman build --layers' };
  if (hasBuildx) return { program, args: ['buildx', 'build', '--progress=rawjson', ...common], stream: 'rawjson', env: {}, label: 'docker buildx build' };
  return { program, args: ['build', '--progress=plain', ...common], stream: 'plain', env: { DOCKER_BUILDKIT: '1' }, label: 'docker build' };
}

/** The builder's program: LAYERPLAN_DOCKER / LAYERPLAN_BUILDAH / LAYERPLAN_PODMAN, else its name on PATH. */
export function builderProgram(builder: BuilderName, env: Readonly<Record<string, string | undefined>>): string {
  const set = env[`LAYERPLAN_${builder.toUpperCase()}`];
  return set ? set : builder;
}

/** What to tell a user whose builder is missing or unreachable (one line, what to install or set). */
export function missingBuilderHelp(builder: BuilderName, program: string, why: 'not-installed' | 'unreachable', detail: string): string {
  if (why === 'not-installed') {
    const install = builder === 'docker' ? 'install Docker (https://docs.docker.com/get-docker/)' : `install ${builder}`;
    return `${builder} is not installed here ("${program}" not found): ${install}, or set LAYERPLAN_${builder.toUpperCase()} to its path`;
  }
  return `the Docker Engine does not answer (${detail}): start it, or point DOCKER_HOST or a Docker context (docker context use NAME) at a running one`;
}
