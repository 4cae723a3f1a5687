/**
 * Records a plan as a build in the store: from now on its keys are hits, as
 * they are in the builder's cache. Only for a build that happened (a log read
 * by `timings`) or that the user says happened (`--assume-built`).
 */
import type { Plan } from '../plan/index.js';
import { toRunRecord } from '../plan/index.js';
import { recordRun, type RunSource } from '../store/index.js';
import { gitOfBuild } from '../git/records-built.js';
import type { Host } from './host.js';

export interface RecordOptions {
  readonly storeDir: string;
  readonly contextDir: string;
  readonly buildArgs: ReadonlyMap<string, string>;
}

export function recordPlan(plan: Plan, opts: RecordOptions, source: RunSource, host: Pick<Host, 'now' | 'pid'>): void {
  const time = host.now().toISOString();
  const { run, selections } = toRunRecord(plan, { id: `${time}-${host.pid}`, time, source, context: opts.contextDir, buildArgs: Object.fromEntries(opts.buildArgs) });
  // A real build's log (timings) notes what git had checked out, as --exec does; a plan counted as built is never shared.
  const git = source === 'assumed' ? null : gitOfBuild(opts.contextDir, plan.dockerfile, plan.builder);
  recordRun(opts.storeDir, git ? { ...run, git } : run, selections);
}
