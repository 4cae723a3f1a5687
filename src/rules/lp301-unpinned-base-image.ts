/**
 * LP301: a base image without a tag, or on `latest`. The reference moves
 * under you: the cache breaks whenever the registry's `latest` does, and two
 * machines build on different bases.
 */
import { shownInstruction } from './stage-steps.js';
import type { Rule, RuleHit, RuleInput } from './types.js';

export const rule: Rule = {
  id: 'LP301',
  name: 'unpinned-base-image',
  severity: 'warning',
  summary: 'A base image has no tag or uses latest',
  bust: false,
  check(input: RuleInput): RuleHit[] {
    const hits: RuleHit[] = [];
    for (const stage of input.graph.stages) {
      if (stage.base.kind !== 'image') continue;
      const ref = stage.base.ref;
      if (ref.includes('@') || namesAStage(stage.from.rest, input.graph.stages.map((s) => s.name))) continue;
      const tag = /:([^/:]+)$/.exec(ref)?.[1] ?? null;
      if (tag !== null && tag !== 'latest') continue;
      const name = tag === null ? ref : ref.slice(0, -(tag.length + 1));
      hits.push({
        line: stage.from.line,
        message: `${shownInstruction(stage.from)} uses ${tag === null ? 'no tag (so latest)' : 'the latest tag'}: the base changes whenever the registry's latest does, and every layer rebuilds`,
        fix: `pin a version: FROM ${name}:<version> (or ${name}:<version>@sha256:<digest> to pin exactly)`,
      });
    }
    return hits;
  },
};

/**
 * `FROM binaries-$TARGETOS`: a reference built from variables that, once the
 * builder sets them, names one of the stages (binaries-linux). Its value here
 * (`binaries-`, with the variable empty) is no image at all, so no tag advice.
 */
function namesAStage(fromRest: string, stageNames: readonly (string | null)[]): boolean {
  const raw = fromRest.split(/\s+/).find((w) => w !== '' && !w.startsWith('--')) ?? '';
  if (!raw.includes('$')) return false;
  const parts = raw.split(/\$\{[^}]*\}|\$\w+/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`^${parts.join('.*')}$`, 'i');
  return stageNames.some((n) => n !== null && pattern.test(n));
}
