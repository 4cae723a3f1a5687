export * from './types.js';
export { makePlan, stageLabel, stepRef, type PlanInput } from './make-plan.js';
export { envChanges } from './miss-reason.js';
export { toRunRecord, toBuildRecord, type RunMeta, type ActualSteps } from './to-record.js';
export { keysLeftByFailedBuild } from './failed-build.js';
export { compareBasis, runsOf, sourceOf, builtSteps, type CompareBasis } from './basis.js';
export { stepNote } from './step-note.js';
export { stepOrdinals } from './ordinals.js';
