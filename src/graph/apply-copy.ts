/** COPY and ADD: sources, destination and flags, with variables expanded. */
import type { Instruction } from '../parse/index.js';
import { expandWord } from '../parse/index.js';
import { findStage, namedContext } from './build-stage-graph.js';
import { cleanPath, resolveFrom } from './paths.js';
import { varsOf } from './state.js';
import type { CopyFrom, NamedContexts, RemoteSource, Stage, StepOp, StepState } from './types.js';

const GIT = /^(git@|git:\/\/|ssh:\/\/)|^https?:\/\/\S+\.git(#.*)?$/;
const URL = /^https?:\/\//;

export function applyCopy(ins: Instruction, state: StepState, stages: readonly Stage[], escape: string, named: NamedContexts = new Map()): StepOp {
  const vars = varsOf(state);
  const flag = (name: string): string | null => ins.flags.find((f) => f.name === name)?.value ?? null;
  const has = (name: string): boolean => ins.flags.some((f) => f.name === name && f.value !== 'false');
  const words = ins.exec ?? ins.rest.split(/\s+/).filter(Boolean);
  const expanded = words.map((w) => (ins.exec ? w : expandWord(w, vars, escape)));
  const destWord = expanded[expanded.length - 1] ?? '';
  const srcWords = expanded.slice(0, -1);
  const add = ins.keyword === 'ADD';
  const inlineNames = new Set(ins.heredocs.map((h) => `<<${h.name}`));
  const remote: RemoteSource[] = [];
  const sources: string[] = [];
  for (const w of srcWords) {
    if (/^<<-?["']?/.test(w) && inlineNames.size) continue;
    if (add && GIT.test(w)) remote.push({ kind: 'git', location: w });
    else if (add && URL.test(w)) remote.push({ kind: 'url', location: w });
    else sources.push(cleanSource(w));
  }
  const chown = flag('chown');
  return {
    kind: 'copy',
    add,
    sources,
    remote,
    inline: ins.heredocs,
    dest: destination(destWord, state.workdir),
    from: copyFrom(flag('from'), stages, named),
    chown: chown === null ? null : expandWord(chown, vars, escape),
    chmod: normalMode(flag('chmod')),
    link: has('link'),
    exclude: ins.flags.filter((f) => f.name === 'exclude' && f.value).map((f) => f.value ?? ''),
    parents: has('parents'),
    checksum: flag('checksum'),
    keepGitDir: has('keep-git-dir'),
  };
}

/**
 * A context source as the builders resolve it: `./src/.`, `src/` and `src` are one source (recorded:
 * copy-src-rewrite, copy-path-spelling); wildcards and the root (`.`) stay as they are.
 */
function cleanSource(src: string): string {
  const cleaned = cleanPath(`/${src}`).slice(1);
  return cleaned === '' ? '.' : cleaned;
}

/** An octal mode as a number would print it (`0755` is `755`); other spellings (`u+x`) as written. */
function normalMode(mode: string | null): string | null {
  if (mode === null || !/^[0-7]+$/.test(mode)) return mode;
  return Number.parseInt(mode, 8).toString(8);
}

/** BuildKit keeps a trailing slash (and `.`) as "into this directory". */
function destination(dest: string, workdir: string): string {
  const abs = resolveFrom(workdir, dest);
  const intoDir = dest === '.' || dest === '' || dest.endsWith('/');
  return intoDir && abs !== '/' ? `${abs}/` : abs;
}

function copyFrom(from: string | null, stages: readonly Stage[], named: NamedContexts): CopyFrom {
  if (!from) return { kind: 'context' };
  const context = namedContext(from, named);
  if (context) return context.kind === 'image' ? { kind: 'image', ref: context.ref } : { kind: 'named', name: from.toLowerCase() };
  const index = findStage(from, stages);
  return index === null ? { kind: 'image', ref: from } : { kind: 'stage', index };
}
