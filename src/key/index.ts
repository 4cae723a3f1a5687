export * from './types.js';
export { deriveKeys, type KeyOptions, type KeyResult } from './derive-keys.js';
export { digestFiles } from './describe.js';
export { normalizeImageRef } from './image-ref.js';
