/**
 * LP201: no ignore file while the context folder holds `.git`,
 * `node_modules` or similar. They are sent to the builder and land in any
 * `COPY . .`, so every commit or install changes that layer.
 */
import { HEAVY_FOLDERS as HEAVY } from './copy-shape.js';
import type { Rule, RuleHit, RuleInput } from './types.js';

export const rule: Rule = {
  id: 'LP201',
  name: 'no-dockerignore',
  severity: 'warning',
  summary: 'No .dockerignore while the context holds .git, node_modules or similar',
  bust: false,
  check(input: RuleInput): RuleHit[] {
    const ctx = input.context;
    if (!ctx || ctx.ignoreFile !== null) return [];
    // Only a COPY of the whole context (or of the folder itself) takes them into a layer.
    const copies = input.steps.flat().filter((s) => s.op.kind === 'copy' && s.op.from.kind === 'context').flatMap((s) => (s.op.kind === 'copy' ? s.op.sources : []));
    const whole = copies.some((src) => /^(\.\/?|\.?\/?\*)$/.test(src));
    const heavy = HEAVY.filter((n) => ctx.topNames.includes(n) && (whole || copies.some((src) => src.replace(/^\.\//, '').replace(/\/+$/, '') === n)));
    if (!heavy.length) return [];
    const line = input.steps[0]?.[0]?.instruction.line ?? 1;
    return [{
      line,
      message: `no .dockerignore, and the build context sends ${heavy.join(', ')} to the builder: every commit or install changes what COPY . . copies`,
      fix: `create .dockerignore in the context folder with:\n${heavy.join('\n')}`,
      files: heavy,
    }];
  },
};
