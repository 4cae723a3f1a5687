import { nopCopyDestination, parseCreatedBy, type CreatedBy } from '../parse/created-by.js';
import type { DockerfileStep } from './dockerfile-steps.js';

/** How a history entry lines up with the Dockerfile. */
export type StepMatch =
  /** Same instruction and the text agrees. */
  | { readonly kind: 'exact'; readonly step: DockerfileStep }
  /** Same keyword, text differs or cannot be compared (the image may be from another version of the file). */
  | { readonly kind: 'keyword'; readonly step: DockerfileStep }
  /** Before the first matched entry: inherited from the FROM image. */
  | { readonly kind: 'base' }
  | { readonly kind: 'none' };

const EXACT = 3;
const KEYWORD = 1;

/**
 * Lines history entries (oldest first) up with Dockerfile steps: the
 * in-order pairing with the best score (an LCS where agreeing text weighs
 * more than a bare keyword). Builders skip some instructions in history
 * (ONBUILD, ARG without a value in some versions), so both sides may skip.
 */
export function matchHistory(createdBy: readonly string[], steps: readonly DockerfileStep[]): StepMatch[] {
  const parsed = createdBy.map(parseCreatedBy);
  const n = parsed.length;
  const m = steps.length;
  // best[i][j]: best score pairing history[i..] with steps[j..]
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const pair = score(parsed[i]!, steps[j]!);
      best[i]![j] = Math.max(best[i + 1]![j]!, best[i]![j + 1]!, pair > 0 ? pair + best[i + 1]![j + 1]! : 0);
    }
  }
  const out: StepMatch[] = new Array<StepMatch>(n).fill({ kind: 'none' });
  let firstMatched = n;
  for (let i = 0, j = 0; i < n && j < m; ) {
    const pair = score(parsed[i]!, steps[j]!);
    if (pair > 0 && best[i]![j] === pair + best[i + 1]![j + 1]!) {
      out[i] = { kind: pair === EXACT ? 'exact' : 'keyword', step: steps[j]! };
      firstMatched = Math.min(firstMatched, i);
      i++;
      j++;
    } else if (best[i]![j] === best[i + 1]![j]) i++;
    else j++;
  }
  for (let i = 0; i < firstMatched; i++) out[i] = { kind: 'base' };
  return out;
}

function score(entry: CreatedBy, step: DockerfileStep): number {
  if (entry.keyword !== step.keyword) return 0;
  return textAgrees(entry, step) ? EXACT : KEYWORD;
}

function textAgrees(entry: CreatedBy, step: DockerfileStep): boolean {
  const history = squash(entry.args);
  switch (step.keyword) {
    case 'RUN': {
      // Shell form is recorded as "<shell> -c <text>", exec form as the argv joined by spaces
      // (buildah: "/bin/sh -c <raw text>" for both forms).
      const raw = squash(step.args);
      const text = step.exec ? squash(step.exec.join(' ')) : raw;
      return history === text || history.endsWith(` -c ${text}`) || history.endsWith(` -c ${raw}`);
    }
    case 'COPY':
    case 'ADD': {
      const dest = nopCopyDestination(entry.args);
      if (dest !== null) return squash(dest) === lastWord(step.args);
      return squash(history.replace(/^(--\S+\s+)*/, '')) === squash(step.args);
    }
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL':
    case 'VOLUME':
      // BuildKit prints Go slices: CMD ["a" "b"]; legacy/buildah keep the JSON.
      return words(history) === words(step.exec ? step.exec.join(' ') : step.args);
    default:
      return words(history) === words(step.args) || history.replace(/"/g, '') === squash(step.args).replace(/"/g, '');
  }
}

function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function lastWord(s: string): string {
  return squash(s).split(' ').pop() ?? '';
}

/** Tokens stripped of JSON/Go-slice punctuation, for comparing list-valued instructions. */
function words(s: string): string {
  return s.replace(/[[\]",]/g, ' ').replace(/\s+/g, ' ').trim();
}
