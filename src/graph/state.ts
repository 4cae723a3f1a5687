/** The per-stage builder state and the small pure operations on it. */
import type { Vars } from '../parse/index.js';
import type { KeyValue, StepState } from './types.js';

export const DEFAULT_SHELL: readonly string[] = ['/bin/sh', '-c'];

export function initialState(): StepState {
  return { env: [], args: [], workdir: '/', user: '', shell: DEFAULT_SHELL };
}

/** BuildKit's EnvList: a new value for a name moves it to the end. */
export function setVar(list: readonly KeyValue[], name: string, value: string): KeyValue[] {
  return [...list.filter(([k]) => k !== name), [name, value]];
}

/** The variables that `$X` expands from: ENV and valued ARGs in scope. */
export function varsOf(state: StepState): Vars {
  return new Map(state.env);
}
