export * from './types.js';
export { buildStageGraph, findStage, fromReferences, type GraphOptions, type GraphResult } from './build-stage-graph.js';
export { evaluateStages, nameValues, type EvaluateOptions } from './evaluate.js';
export { cleanPath, resolveFrom } from './paths.js';
export { formatPlatform, hostPlatform, normalizePlatform, parsePlatform, platformArgs, type Platform } from './platform.js';
