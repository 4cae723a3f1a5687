import type { BaseIdentity } from '../key/index.js';
import type { StepRecord } from '../store/types.js';

/**
 * The FROM image a recorded step names. Records keep it as `base`; records
 * of older versions only as the key's text `op` ("ref id", "ref", "scratch",
 * "stage N"), which is read here and nowhere else.
 */
export function recordedBase(step: StepRecord): BaseIdentity | null {
  if (step.base) return step.base;
  if (step.ordinal !== 0 || !step.op || step.op === 'scratch' || step.op.startsWith('stage ')) return null;
  const [ref = '', id = null] = step.op.split(' ');
  return { ref, id };
}
