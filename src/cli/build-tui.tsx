/** `layerplan build` in a terminal: the plan as the Ink build view, with what the engine knows of the base images. */
import { resolveBaseImages } from '../engine/index.js';
import type { Plan } from '../plan/index.js';
import { App } from '../views/tui/App.js';
import { toBaseInfo, type BaseInfo } from '../views/tui/base-info.js';
import type { CommandIO } from './command.js';
import { startTuiSession, type TuiSession } from './tui-session.js';

export { startTuiSession, type TuiSession };

export async function showBuildPlan(session: TuiSession, plan: Plan, io: CommandIO, color: boolean): Promise<void> {
  const bases = await baseInfos(plan, io);
  await session.show(({ width, height }, onExit) => <App plan={plan} bases={bases} width={width} height={height} color={color} onExit={onExit} />);
}

/** FROM images of the stages the build runs; no engine costs one failed connect. */
async function baseInfos(plan: Plan, io: CommandIO): Promise<Map<string, BaseInfo>> {
  const refs = plan.steps.flatMap((ps) => (ps.status !== 'skipped' && ps.step.op.kind === 'from' && ps.step.op.base.kind === 'image' ? [ps.step.op.base.ref] : []));
  const resolved = await resolveBaseImages(refs, io.env);
  return new Map([...resolved].map(([ref, r]) => [ref, toBaseInfo(r)]));
}
