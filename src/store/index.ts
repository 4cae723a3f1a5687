export * from './types.js';
export { indexRuns, placeId } from './index-runs.js';
export { indexTimings, mergeTimings, NO_DURATIONS } from './index-timings.js';
export { openStore, recordRun, recordObservation, readObservation, recordBuildLog, defaultStoreDir, readTimings, recordTimings, type OpenStore } from './fs-store.js';
