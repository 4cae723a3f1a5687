export * from './types.js';
export { deriveKeys, type KeyOptions, type KeyResult } from './derive-keys.js';
export { digestFiles, digestText, isStrictlyAscending, listDigestText, patchDigestText, sortedDigestText } from './describe.js';
export { normalizeImageRef } from './image-ref.js';
export { builderModel, defaultModel, modelForInstalled, compareVersions, BUILDER_NAMES, type BuilderModel, type ModelLookup } from './builder-model.js';
