/**
 * Builds a compose, bake or workflow file names whose local context folder
 * does not exist. The real tool fails on each (Compose: "path ... not
 * found"), so lint and check report each as LP001 at the line of the file
 * that names it, and go on with the other builds, as a linter goes on past
 * one bad file. `check` reports one only when the change touches it.
 */
import type { DockerfileReport } from '../rules/report.js';
import type { RuleSettings } from '../rules/index.js';
import { missingContext } from './analyze.js';
import type { MissingBuild } from './definition-targets.js';

/** `changed`: the paths a change touches (check), or null: every one (lint). */
export function missingBuildReports(missing: readonly MissingBuild[], settings: RuleSettings, changed: ReadonlySet<string> | null): DockerfileReport[] {
  return missing.filter((m) => changed === null || touches(m, changed)).map((m) => ({
    dockerfile: m.dockerfile ?? m.file,
    context: m.context,
    definition: m.definition,
    state: changed === null ? 'unchanged' : 'changed',
    rebuilt: [],
    findings: missingContext(m, settings),
  }));
}

function touches(m: MissingBuild, changed: ReadonlySet<string>): boolean {
  if (changed.has(m.file) || (m.dockerfile !== null && changed.has(m.dockerfile))) return true;
  const prefix = `${m.context}/`;
  for (const p of changed) if (p.startsWith(prefix)) return true;
  return false;
}
