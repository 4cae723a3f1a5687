/** Kept in step with package.json (checked by test/cli/build.test.ts). */
export const VERSION = '0.1.0';
