/**
 * LP202: a COPY source that .dockerignore excludes. The file exists, but the
 * builder never receives it, so the build fails ("not found").
 */
import { resolveSources, toContextPath } from '../context/sources.js';
import { isContextCopy } from './copy-shape.js';
import { eachStage, shown } from './stage-steps.js';
import type { ContextFacts, Rule, RuleHit, RuleInput } from './types.js';

export const rule: Rule = {
  id: 'LP202',
  name: 'copy-source-ignored',
  severity: 'error',
  summary: 'A COPY source is excluded by .dockerignore, so the build fails',
  bust: false,
  check(input: RuleInput): RuleHit[] {
    const ctx = input.context;
    if (!ctx || !ctx.ignoreFile) return [];
    const hits: RuleHit[] = [];
    for (const step of eachStage(input.steps).flat()) {
      if (step.op.kind !== 'copy' || !isContextCopy(step)) continue;
      for (const source of step.op.sources) {
        if (!/[*?[]/.test(source) && ignoredButPresent(ctx, source)) {
          hits.push({
            line: step.instruction.line,
            message: `"${source}" in ${shown(step)} is excluded by ${ctx.ignoreFile}: the builder never receives it and the build fails`,
            fix: `remove the line that matches "${source}" from ${ctx.ignoreFile}, or add "!${source.replace(/^\.?\/+/, '')}" after it`,
            files: [source],
          });
        }
      }
    }
    return hits;
  },
};

function ignoredButPresent(ctx: ContextFacts, source: string): boolean {
  if (resolveSources(ctx.snapshot, source, { allowWildcards: false }).kind === 'ok') return false;
  const clean = toContextPath(source);
  if (ctx.present.has(clean)) return true;
  for (const p of ctx.present.keys()) if (p.startsWith(`${clean}/`)) return true;
  return false;
}
