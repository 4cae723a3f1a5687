export * from './types.js';
export { indexRuns, placeId } from './index-runs.js';
export { openStore, recordRun, defaultStoreDir, type OpenStore } from './fs-store.js';
