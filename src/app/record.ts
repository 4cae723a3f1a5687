/**
 * Records a plan as a build in the store: from now on its keys are hits, as
 * they are in the builder's cache. Only for a build that happened (a log read
 * by `timings`) or that the user says happened (`--assume-built`).
 */
import type { Plan } from '../plan/index.js';
import { toRunRecord } from '../plan/index.js';
import { recordRun, type GitBuilt, type RunSource } from '../store/index.js';
import type { Host } from './host.js';

export interface RecordOptions {
  readonly storeDir: string;
  readonly contextDir: string;
  readonly buildArgs: ReadonlyMap<string, string>;
  /** What git had checked out, for a real build's log (git/records-built.ts); absent: nothing noted. */
  readonly git?: GitBuilt | null;
}

export function recordPlan(plan: Plan, opts: RecordOptions, source: RunSource, host: Pick<Host, 'now' | 'pid'>): void {
  const time = host.now().toISOString();
  const { run, selections } = toRunRecord(plan, { id: `${time}-${host.pid}`, time, source, context: opts.contextDir, buildArgs: Object.fromEntries(opts.buildArgs) });
  recordRun(opts.storeDir, opts.git ? { ...run, git: opts.git } : run, selections);
}
