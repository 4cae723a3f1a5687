/** `layerplan build` in a terminal: the plan as the Ink build view, with what the engine knows of the base images. */
import type { BaseNote } from '../layers/base-layers.js';
import type { Plan } from '../plan/index.js';
import { App } from '../views/tui/App.js';
import { summaryParts } from '../views/tui/PlanSummary.js';
import { startTuiSession, type TuiSession } from './tui-session.js';

export { startTuiSession, type TuiSession };

/** `bases` come from the planner, which already asked the engine once. */
/** `compared` is the one line saying what the plan is compared with. */
export async function showBuildPlan(session: TuiSession, plan: Plan, bases: readonly BaseNote[], color: boolean, compared?: string): Promise<void> {
  const infos = new Map(bases.map((b) => [b.ref, b]));
  await session.show(({ width, height }, onExit) => <App plan={plan} bases={infos} width={width} height={height} color={color} onExit={onExit} compared={compared} />);
  // The view leaves the shell's screen as it was; the plan's one-line outcome stays behind.
  session.close(`${summaryLine(plan)}\n`);
}

function summaryLine(plan: Plan): string {
  const { totals, origins } = summaryParts(plan.summary);
  return `${plan.dockerfile}: ${totals.map(([t]) => t).join(', ')}${origins ? `; ${origins.replace(/^\S+ /, '')}` : ''}`;
}
