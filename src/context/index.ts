/** The build context as builders see it: public API of src/context. */
export type { ContextEntry, ContextSnapshot, EntryType } from './types.js';
export { loadContext, type Builder, type ContextProgress, type LoadContextOptions } from './walk.js';
export { createHasher, type HashFn } from './hash.js';
export {
  canSkipExcludedDir,
  ignoreFileCandidates,
  isExcluded,
  parseIgnoreFile,
  IgnoreSyntaxError,
  type IgnoreCandidate,
  type IgnoreDialect,
  type IgnoreRules,
} from '../ignore/dockerignore.js';
export {
  fingerprintList,
  fingerprintMatches,
  fingerprintRecord,
  fingerprintSelection,
  forEachSelected,
  followPath,
  patchFingerprints,
  resolveSources,
  selectFiles,
  toContextPath,
  type FingerprintList,
  type FingerprintOptions,
  type SelectedFile,
  type SourceMatch,
  type SourceResolution,
} from './sources.js';
export { REST_KEY, restrictedFingerprints } from './restricted.js';
export { cleanPath, goMatch } from '../lang/go-path.js';
export { NotRegularFile, readRegularFile } from './read-regular.js';
