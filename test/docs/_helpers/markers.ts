/**
 * The marker convention for example output in the docs: a line
 *
 *     <!-- example: NAME -->
 *
 * directly followed by a fenced block. The block's text is what the producer NAME in
 * test/docs/_helpers/examples.ts prints; test/docs/examples.test.ts compares the two, and
 * `npm run docs:examples` rewrites the blocks. A ```console block (command and output) without
 * a marker is an error: output in the docs must come from a test.
 */

export interface MarkedBlock {
  readonly name: string;
  /** 1-based line of the marker, for messages. */
  readonly line: number;
  /** The text between the fences, with a trailing newline. */
  readonly body: string;
}

export interface ScanResult {
  readonly blocks: readonly MarkedBlock[];
  /** One line each: `line N: what is wrong`. */
  readonly problems: readonly string[];
}

const MARKER = /^<!-- example: ([a-z0-9][a-z0-9-]*) -->$/;
const FENCE = /^(`{3,})(\S*)\s*$/;

interface Fence {
  readonly open: number;
  readonly close: number;
  readonly lang: string;
}

/** Every top-level fenced block: its opening and closing line indexes (0-based). */
function fences(lines: readonly string[]): { fences: Fence[]; unclosed: number | null } {
  const out: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = FENCE.exec(lines[i]!);
    if (!m) continue;
    const close = lines.findIndex((l, j) => j > i && l.trimEnd() === m[1]);
    if (close < 0) return { fences: out, unclosed: i };
    out.push({ open: i, close, lang: m[2]! });
    i = close;
  }
  return { fences: out, unclosed: null };
}

export function scanMarkdown(text: string): ScanResult {
  const lines = text.split('\n');
  const { fences: all, unclosed } = fences(lines);
  const problems: string[] = unclosed === null ? [] : [`line ${unclosed + 1}: a fenced block is never closed`];
  const blocks: MarkedBlock[] = [];
  const marked = new Set<number>();
  lines.forEach((l, i) => {
    const m = MARKER.exec(l);
    if (!m) return;
    const fence = all.find((f) => f.open === i + 1);
    if (!fence) return void problems.push(`line ${i + 1}: example ${m[1]} is not directly followed by a fenced block`);
    marked.add(fence.open);
    blocks.push({ name: m[1]!, line: i + 1, body: lines.slice(fence.open + 1, fence.close).map((x) => `${x}\n`).join('') });
  });
  for (const f of all) {
    if (f.lang === 'console' && !marked.has(f.open)) problems.push(`line ${f.open + 1}: a console block without an <!-- example: NAME --> marker`);
  }
  return { blocks, problems };
}

/** The text with each marked block's body replaced by `bodies[name]` (blocks without an entry are left as they are). */
export function rewriteMarkdown(text: string, bodies: ReadonlyMap<string, string>): string {
  const lines = text.split('\n');
  const { fences: all } = fences(lines);
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const m = MARKER.exec(lines[i]!);
    const fence = m ? all.find((f) => f.open === i + 1) : undefined;
    const body = m ? bodies.get(m[1]!) : undefined;
    if (!fence || body === undefined) {
      out.push(lines[i]!);
      i++;
      continue;
    }
    out.push(lines[i]!, lines[fence.open]!, ...body.replace(/\n$/, '').split('\n'), lines[fence.close]!);
    i = fence.close + 1;
  }
  return out.join('\n');
}
