/**
 * LP302: `ADD <url>` without `--checksum`. The builder cannot know whether
 * the download changed without fetching it again, so the layer's cache is
 * never certain, and a changed file slips in silently.
 */
import type { Step } from '../graph/index.js';
import { shown } from './stage-steps.js';
import type { Rule, RuleHit, RuleInput } from './types.js';

/** The automatic platform ARGs: one build for several platforms gives them several values. */
const PLATFORM_VAR = /\$\{?((TARGET|BUILD)(PLATFORM|OS|ARCH|VARIANT))\b/g;

export const rule: Rule = {
  id: 'LP302',
  name: 'add-url-without-checksum',
  severity: 'warning',
  summary: 'ADD of a URL without --checksum',
  bust: false,
  check(input: RuleInput): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const step of input.steps.flat()) {
      if (step.op.kind !== 'copy' || !step.op.add || step.op.checksum !== null) continue;
      const url = step.op.remote.find((r) => r.kind === 'url');
      if (!url) continue;
      hits.push({
        line: step.instruction.line,
        message: `${shown(step)} downloads ${url.location} without --checksum: the builder downloads it again on every build to decide whether its cache holds, and a file changed upstream goes into the image unnoticed`,
        fix: fixFor(step, url.location, step.op.dest),
      });
    }
    return hits;
  },
};

/**
 * The URL as written decides the fix: one that holds a platform ARG
 * (`.../linux-${TARGETARCH}/mc`) names another file on each platform, so the
 * digest of this platform's file would break the others' builds.
 */
function fixFor(step: Step, location: string, dest: string): string {
  const written = step.instruction.rest.split(/\s+/).find((w) => /^https?:\/\//.test(w)) ?? location;
  const platformVars = [...new Set([...written.matchAll(PLATFORM_VAR)].map((m) => m[1]))];
  const digest = `(get the digest with \`curl -sL ${location} | sha256sum\`)`;
  if (!platformVars.length) return `pin it: ADD --checksum=sha256:<digest> ${location} ${dest} ${digest}`;
  const vars = platformVars.join(', ');
  return `pin it per platform: the URL depends on ${vars}, so each platform downloads another file with its own digest. --checksum takes a variable: ADD --checksum=$SHA256 ${written} ${dest}, with SHA256 set per platform (a build arg, or a stage per ${vars} value); get each digest with \`curl -sL <url> | sha256sum\` (here ${location})`;
}
