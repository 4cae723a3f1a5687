/**
 * Seeded Dockerfile mutants, built from the real Dockerfiles in corpus/:
 * line edits (duplicate, drop, swap, splice from another file), byte noise,
 * and the hostile shapes issue 14 measured (exponential ARG/ENV chains, long
 * lines and continuations, unterminated heredocs, many stages, odd flags).
 */
import type { Rng } from './rng.js';

type Mutator = (lines: string[], rng: Rng, corpus: readonly string[]) => string[];

const NOISE = ['$', '${', '}', '\\', '`', '"', "'", '<<EOF', '<<-"X"', '--mount=type=cache,target=/x', '--from=', '--chown=', '=', ' ', '\t', '#', '\u0000', 'é', '${A:-${B:+$C}}', '[', ']', '"]', '--platform=$BUILDPLATFORM', 'AS', '\r'];
const KEYWORDS = ['FROM', 'RUN', 'COPY', 'ADD', 'ARG', 'ENV', 'WORKDIR', 'USER', 'ONBUILD', 'LABEL', 'EXPOSE', 'VOLUME', 'SHELL', 'CMD', 'HEALTHCHECK', 'STOPSIGNAL', 'MAINTAINER', 'BOGUS'];

const mutators: Record<string, Mutator> = {
  duplicateLine: (l, r) => insertAt(l, r, [r.pick(l) ?? '']),
  dropLine: (l, r) => (l.length > 1 ? l.filter((_, i) => i !== r.int(0, l.length - 1)) : l),
  swapLines: (l, r) => {
    const out = [...l];
    const a = r.int(0, out.length - 1);
    const b = r.int(0, out.length - 1);
    [out[a], out[b]] = [out[b] ?? '', out[a] ?? ''];
    return out;
  },
  spliceOther: (l, r, corpus) => {
    const other = r.pick(corpus).split('\n');
    const start = r.int(0, other.length - 1);
    return insertAt(l, r, other.slice(start, start + r.int(1, 8)));
  },
  noise: (l, r) => {
    const out = [...l];
    for (let n = r.int(1, 6); n > 0; n--) {
      const i = r.int(0, out.length - 1);
      const line = out[i] ?? '';
      const at = r.int(0, line.length);
      out[i] = line.slice(0, at) + r.pick(NOISE) + line.slice(at + (r.chance(0.3) ? 1 : 0));
    }
    return out;
  },
  keywordSwap: (l, r) => {
    const out = [...l];
    const i = r.int(0, out.length - 1);
    out[i] = (out[i] ?? '').replace(/^\s*\S+/, r.pick(KEYWORDS));
    return out;
  },
  exponentialExpansion: (l, r) => {
    const levels = r.int(12, 32);
    const kw = r.pick(['ARG', 'ENV']);
    const chain = [`${kw} X0=${r.pick(['x', 'xy', '"a b"', '${X0:-zz}'])}`];
    for (let i = 1; i <= levels; i++) chain.push(`${kw} X${i}=${r.chance(0.5) ? `$X${i - 1}$X${i - 1}` : `"\${X${i - 1}}\${X${i - 1}}"`}`);
    const out = insertAt(l, r, chain, r.chance(0.2) ? 0 : undefined);
    return insertAt(out, r, [r.pick([`RUN echo $X${levels}`, `LABEL a=$X${levels}`, `WORKDIR /$X${levels}`, `FROM busybox:$X${levels}`])]);
  },
  longLine: (l, r) => {
    const size = r.pick([70_000, 200_000, 700_000, 1_000_000]);
    return insertAt(l, r, [`RUN echo ${'a'.repeat(size - 9)}`]);
  },
  longContinuation: (l, r) => {
    const parts = r.int(3, 30);
    const width = r.int(1_000, 60_000);
    const body = Array.from({ length: parts }, () => `  ${'b'.repeat(width)} \\`);
    return insertAt(l, r, ['RUN echo \\', ...body, '  done']);
  },
  heredoc: (l, r) => {
    const body = Array.from({ length: r.int(0, r.chance(0.2) ? 20_000 : 20) }, (_, i) => `line ${i} $HOME \\`);
    const close = r.chance(0.5) ? ['EOF'] : [];
    return insertAt(l, r, [r.pick(['RUN <<EOF', 'COPY <<EOF /x', 'RUN <<-EOF bash', 'RUN <<"EOF" <<EOF2']), ...body, ...close]);
  },
  manyStages: (l, r) => {
    const n = r.pick([5, 50, 600, 1_100]);
    const stages = Array.from({ length: n }, (_, i) => `FROM ${i === 0 ? 'busybox' : `s${r.int(0, i - 1)}`} AS s${i}\nRUN echo ${i}`);
    return [...l, ...stages.join('\n').split('\n')];
  },
  manyInstructions: (l, r) => [...l, ...Array.from({ length: r.pick([100, 3_000, 11_000]) }, (_, i) => `RUN echo ${i}`)],
  stageReferences: (l, r) => insertAt(l, r, [r.pick(['COPY --from=nope /a /b', 'COPY --from=0 / /', 'RUN --mount=from=9,target=/x true', 'FROM scratch AS scratch', 'COPY --from=s1 --from=s2 a b', 'ONBUILD ONBUILD RUN x', 'ONBUILD FROM x'])]),
  escapeDirective: (l, r) => [r.pick(['# escape=`', '# escape=\\', '# syntax=docker/dockerfile:1', '# escape=x']), ...l],
  truncate: (l, r) => {
    const text = l.join('\n');
    return text.slice(0, r.int(0, text.length)).split('\n');
  },
  wideEnv: (l, r) => {
    const value = 'v'.repeat(r.int(1_000, 60_000));
    return insertAt(l, r, Array.from({ length: r.int(5, 60) }, (_, i) => `ENV W${i}=${value}`));
  },
};

export const DOCKERFILE_MUTATORS = Object.keys(mutators);

/** One mutant: 1-3 mutations of a corpus file; returns the text and the mutator names (for the failure report). */
export function mutateDockerfile(rng: Rng, corpus: readonly string[]): { text: string; mutations: string[] } {
  let lines = rng.pick(corpus).split('\n');
  const mutations: string[] = [];
  for (let n = rng.int(1, 3); n > 0; n--) {
    const name = rng.pick(DOCKERFILE_MUTATORS);
    lines = mutators[name]!(lines, rng, corpus);
    mutations.push(name);
  }
  return { text: lines.join(rng.chance(0.05) ? '\r\n' : '\n'), mutations };
}

function insertAt(lines: readonly string[], rng: Rng, added: readonly string[], at?: number): string[] {
  const i = at ?? rng.int(0, lines.length);
  return [...lines.slice(0, i), ...added, ...lines.slice(i)];
}
