import { ImageReadError } from '../../../src/image/errors.js';

/** The ImageReadError a promise rejects with; fails the test if it resolves or throws anything else. */
export async function errorOf(p: Promise<unknown>): Promise<ImageReadError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ImageReadError) return err;
    throw err;
  }
  throw new Error('expected an ImageReadError');
}
