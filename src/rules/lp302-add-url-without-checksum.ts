/**
 * LP302: `ADD <url>` without `--checksum`. The builder cannot know whether
 * the download changed without fetching it again, so the layer's cache is
 * never certain, and a changed file slips in silently.
 */
import { shown } from './stage-steps.js';
import type { Rule, RuleHit, RuleInput } from './types.js';

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
        fix: `pin it: ADD --checksum=sha256:<digest> ${url.location} ${step.op.dest} (get the digest with \`curl -sL ${url.location} | sha256sum\`)`,
      });
    }
    return hits;
  },
};
