/** What `check` and `lint` report, as data: per Dockerfile, the steps a change rebuilds and the findings. */
import type { MissReason } from '../plan/index.js';
import type { Finding } from './types.js';

export interface RebuiltLine {
  readonly line: number;
  readonly instruction: string;
  readonly reason: MissReason;
  readonly files: readonly string[];
  /** Seconds a real build took for this step (or its earlier version), when one was recorded. */
  readonly seconds?: number;
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

/** `check --against NAME` with shared records: whose builds the index was planned against. */
export interface SharedBasis {
  readonly name: string;
  readonly builds: number;
  /** When this clone last pulled them (ISO), or null. */
  readonly pulledAt: string | null;
  /** When the newest of their builds ran (ISO), or null. */
  readonly newest: string | null;
  /** Dockerfiles of the repository the records hold no real build of (not planned). */
  readonly unrecorded: readonly string[];
  /** Recorded Dockerfiles whose inputs (git ids of context, Dockerfile, ignore files; args) are those of their newest shared build: answered from it, not planned. */
  readonly unchanged: readonly string[];
  /** Recorded Dockerfiles whose index side was planned from their shared build's selections with the staged edits put in, not from every blob of the context. */
  readonly patched: readonly string[];
  /** How the staged blobs got their content digests: from the cache, or read and hashed now. */
  readonly blobs: { readonly cached: number; readonly hashed: number; readonly bytes: number };
  /**
   * How the patched Dockerfiles' recorded selections were found to be their commit's: `known` from checks an
   * earlier run made (nothing of the context read), `checked` against the index now.
   */
  readonly selections: { readonly known: number; readonly checked: number };
}

export interface CheckReport {
  readonly repo: string;
  /** The revision compared with, or the shared records' name when `shared` is present. */
  readonly against: string;
  readonly reports: readonly DockerfileReport[];
  /** Present when planned against shared records instead of a revision. */
  readonly shared?: SharedBasis;
}

/**
 * A Dockerfile built by several definitions (a compose service and a workflow step) is reported once per
 * build; a finding that is the same in each (same rule, line and words) is kept in the first report only.
 */
export function withoutRepeatedFindings(reports: readonly DockerfileReport[]): DockerfileReport[] {
  const seen = new Set<string>();
  return reports.map((r) => {
    const findings = r.findings.filter((f) => {
      const key = JSON.stringify([f.dockerfile, f.ruleId, f.line, f.message, f.fix]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return findings.length === r.findings.length ? r : { ...r, findings };
  });
}
