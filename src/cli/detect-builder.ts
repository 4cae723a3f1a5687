/**
 * Which builder version is installed here, and which recorded model that
 * means: the engine's version for BuildKit, `buildah --version` (or podman's)
 * for buildah. A version named on the command line always wins; a detected
 * version that differs from the model in use is only pointed out.
 */
import { compareVersions, modelForInstalled, type BuilderModel } from '../key/index.js';

export interface ModelChoice {
  readonly model: BuilderModel;
  /** One line for the report: what was detected and which model applies; empty when nothing was found to detect. */
  readonly note: string;
}

export async function chooseModel(model: BuilderModel, detectable: boolean, env: NodeJS.ProcessEnv): Promise<ModelChoice> {
  const spec = model.builder;
  const installed = await detectVersion(model, spec, env);
  const named = `builder ${model.spec}`;
  if (!installed) return { model, note: '' };
  const fit = modelForInstalled(model.builder, installed.version);
  if (!detectable || fit.spec === model.spec) return { model, note: `${named} (${installed.what} ${installed.version} detected)` };
  // NAME alone means today's builder; an older one installed here is named, with the flag that plans for it.
  if (model.builder === 'buildah') return { model, note: `${named}; ${installed.what} ${installed.version} is installed here, whose rules differ: plan for it with --builder ${spec}@${fit.version}` };
  return { model: fit, note: `builder ${fit.spec} (${installed.what} ${installed.version} detected)` };
}

async function detectVersion(model: BuilderModel, spec: string, env: NodeJS.ProcessEnv): Promise<{ what: string; version: string } | null> {
  if (env.LAYERPLAN_NO_ENGINE) return null;
  if (model.builder === 'buildkit') {
    const { engineVersion } = await import('../engine/index.js');
    const v = await engineVersion(env, { timeoutMs: 500 });
    return v ? { what: 'Docker Engine', version: v } : null;
  }
  const tool = spec.startsWith('podman') ? 'podman' : 'buildah';
  // node:child_process loads only here: it costs start-up time on every plan that never asks buildah.
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8', timeout: 2000, env });
  const v = /version\s+v?(\d+\.\d+(?:\.\d+)?)/i.exec(r.stdout ?? '')?.[1];
  if (!v) return null;
  // podman's version is not buildah's: podman 4.x vendors buildah 1.2x–1.3x, 5.x buildah ≥ 1.33.
  if (tool === 'podman') return { what: `podman ${v}, so buildah`, version: compareVersions(v, '5.0') >= 0 ? '1.43' : '1.28' };
  return { what: 'buildah', version: v };
}
