export * from './types.js';
export { makePlan, stageLabel, stepRef, type PlanInput } from './make-plan.js';
export { diffFingerprints, envChanges } from './miss-reason.js';
export { toRunRecord, type RunMeta } from './to-record.js';
