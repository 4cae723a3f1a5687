/** What `check` and `lint` report, as data: per Dockerfile, the steps a change rebuilds and the findings. */
import type { MissReason } from '../plan/index.js';
import type { Finding } from './types.js';

export interface RebuiltLine {
  readonly line: number;
  readonly instruction: string;
  readonly reason: MissReason;
  readonly files: readonly string[];
}

export interface DockerfileReport {
  readonly dockerfile: string;
  readonly context: string;
  /** The compose service / bake target / workflow step this build comes from, when one does. */
  readonly definition?: string;
  /** new: not in the base revision; changed: the change touches its inputs. */
  readonly state: 'new' | 'changed' | 'unchanged';
  /** Steps the change turns from cached into rebuilt. */
  readonly rebuilt: readonly RebuiltLine[];
  readonly findings: readonly Finding[];
}

export interface CheckReport {
  readonly repo: string;
  readonly against: string;
  readonly reports: readonly DockerfileReport[];
}
