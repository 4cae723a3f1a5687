/**
 * LP203: a copied file has group or other write bits in the working tree.
 * Git records only 644/755, so a fresh clone (CI) gets other modes than this
 * checkout (a local umask such as 002), and BuildKit hashes the mode: the
 * laptop's cache never matches CI's (moby/buildkit#4374).
 */
import { resolveSources, selectFiles } from '../context/sources.js';
import { isContextCopy } from './copy-shape.js';
import { eachStage, shown } from './stage-steps.js';
import type { Rule, RuleHit, RuleInput } from './types.js';

const GROUP_OR_OTHER_WRITE = 0o022;
const SHOWN_FILES = 3;

export const rule: Rule = {
  id: 'LP203',
  name: 'local-file-mode',
  severity: 'warning',
  summary: 'A copied file has group/other write bits that a fresh clone would not have, so local and CI caches never match',
  bust: false,
  check(input: RuleInput): RuleHit[] {
    const ctx = input.context;
    const oddModes = ctx ? [...ctx.localModes.values()].some((m) => (m & GROUP_OR_OTHER_WRITE) !== 0) : false;
    if (!ctx || !oddModes) return [];
    const hits: RuleHit[] = [];
    // A file is named once, at the first COPY that takes it: one chmod fixes it for every later COPY.
    const named = new Set<string>();
    for (const step of eachStage(input.steps).flat()) {
      if (step.op.kind !== 'copy' || !isContextCopy(step) || step.op.chmod !== null) continue;
      const odd = new Set<string>();
      for (const source of step.op.sources) {
        const found = resolveSources(ctx.snapshot, source, { allowWildcards: true });
        if (found.kind !== 'ok') continue;
        for (const f of selectFiles(ctx.snapshot, found.matches)) {
          const mode = ctx.localModes.get(f.entry.path);
          if (f.entry.type === 'file' && mode !== undefined && (mode & GROUP_OR_OTHER_WRITE) !== 0 && !named.has(f.entry.path)) odd.add(f.entry.path);
        }
      }
      if (!odd.size) continue;
      const files = [...odd].sort();
      for (const f of files) named.add(f);
      const more = files.length > SHOWN_FILES ? ` and ${files.length - SHOWN_FILES} more` : '';
      hits.push({
        line: step.instruction.line,
        message: `${shown(step)} copies ${files.slice(0, SHOWN_FILES).join(', ')}${more} with group/other write permission, which a fresh clone does not have: this machine's cache never matches CI's`,
        fix: `run \`chmod go-w ${files.slice(0, SHOWN_FILES).join(' ')}${more ? ' ...' : ''}\` (and set \`umask 022\` in your shell profile), or pin the mode with COPY --chmod=644 (needs BuildKit)`,
        files,
      });
    }
    return hits;
  },
};
