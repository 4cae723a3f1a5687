/**
 * Remembered Dockerfiles: parseDockerfile's answer for one Dockerfile path, and what `prepare` made of it
 * (the stage graph and evaluated steps) for the last few option sets, kept in the store's stat/ folder with
 * the exact text they were made from and the code that made them, so a plan of an unchanged Dockerfile
 * neither parses it again (the parse and its argument rules were ~4 ms of a 40 ms `build --json` of a small
 * project) nor rebuilds its graph and steps (~1 ms, and ~2M instructions of row 1's run).
 *
 * An optimisation, never a record (as the stat cache beside it): a missing, corrupt or foreign file means
 * computing it, a failed write is ignored, and an answer is taken only when its text and its code are
 * exactly this text and this code, and a prepared answer only for exactly these options. The code is named
 * by the bundle (scripts/bundle.mjs: a hash of the sources this module is built from, the parser, the graph
 * and the platform ARGs among them); code run from tsc's output has no such name and remembers nothing.
 * Only clean parses are kept, and only prepared answers without a problem: a problem fails the plan, which
 * then says so from a fresh parse. I/O edge.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { NamedContexts } from '../graph/index.js';
import { parseDockerfile, type ParsedDockerfile } from '../parse/index.js';
import { platformArgs } from './platform.js';
import { prepare, type Prepared } from './prepare.js';
import { decodePrepared, encodePrepared, type PreparedJson } from './prepared-codec.js';

declare const __LP_PREPARE_ID__: string | undefined;

/** The code's name in the bundle, else null. */
export const PREPARE_ID: string | null = typeof __LP_PREPARE_ID__ === 'string' ? __LP_PREPARE_ID__ : null;

const VERSION = 2;
/** Option sets kept per Dockerfile (a definition file's targets may build one Dockerfile several ways). */
const KEPT = 4;

/** Everything `prepare` is given, as its callers hold it (the platform ARGs are made from arch and platform). */
export interface PrepareInputs {
  readonly buildArgs: ReadonlyMap<string, string>;
  readonly target: string | null;
  /** Node's arch name of this machine. */
  readonly arch: string;
  /** docker build --platform, if given. */
  readonly platform?: string;
  readonly namedContexts: NamedContexts;
}

interface PreparedEntry {
  readonly key: string;
  readonly prepared: PreparedJson;
}

interface MemoFile {
  readonly version: number;
  readonly code: string;
  readonly text: string;
  readonly parsed: ParsedDockerfile;
  readonly prepared: readonly PreparedEntry[];
}

/** `prepare` of `text` with `inputs`, or its answer remembered in `dir` (null: remember nothing), in the file named by `dockerfile`'s path. */
export function prepareRemembered(dir: string | null, dockerfile: string, text: string, inputs: PrepareInputs, code: string | null = PREPARE_ID): Prepared {
  if (dir === null || code === null) return prepareWith(text, inputs, parseDockerfile);
  const file = join(dir, `parsed-${fnv1a(resolve(dockerfile))}.json`);
  const memo = readMemo(file, code, text);
  const key = keyOf(inputs);
  const known = memo?.prepared.find((e) => e.key === key);
  const answer = memo && known ? decoded(known.prepared, memo.parsed) : null;
  if (answer) return answer;
  let parsed = memo?.parsed;
  const prepared = prepareWith(text, inputs, (t) => (parsed ??= parseDockerfile(t)));
  // A remembered parse whose options fail to prepare has nothing new to write.
  if (parsed && parsed.problems.length === 0 && (!memo || prepared.ok)) {
    const others = (memo?.prepared ?? []).filter((e) => e.key !== key);
    const entries = prepared.ok ? [{ key, prepared: encodePrepared(prepared.dockerfile) }, ...others].slice(0, KEPT) : others;
    writeMemo(file, { version: VERSION, code, text, parsed, prepared: entries });
  }
  return prepared;
}

function prepareWith(text: string, inputs: PrepareInputs, parse: (text: string) => ParsedDockerfile): Prepared {
  return prepare(text, { buildArgs: inputs.buildArgs, target: inputs.target, platformArgs: platformArgs(inputs.arch, inputs.platform), namedContexts: inputs.namedContexts, parse });
}

/** The options as one string: equal strings, equal options (Map order kept: a reordered Map only misses). */
function keyOf(i: PrepareInputs): string {
  return JSON.stringify([i.arch, i.platform ?? null, i.target, [...i.buildArgs], [...i.namedContexts]]);
}

function decoded(j: PreparedJson, parsed: ParsedDockerfile): Prepared | null {
  try {
    return { ok: true, dockerfile: decodePrepared(j, parsed) };
  } catch {
    return null;
  }
}

function readMemo(file: string, code: string, text: string): MemoFile | null {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<MemoFile>;
    return data.version === VERSION && data.code === code && data.text === text && isParsed(data.parsed) && isEntries(data.prepared) ? (data as MemoFile) : null;
  } catch {
    return null;
  }
}

/** The shape written (a file of another shape under the same version is someone else's, or damaged). */
function isParsed(p: unknown): p is ParsedDockerfile {
  const o = p as Partial<ParsedDockerfile> | null;
  return typeof o === 'object' && o !== null && Array.isArray(o.instructions) && Array.isArray(o.problems) && o.problems.length === 0 && typeof o.directives?.escape === 'string';
}

function isEntries(p: unknown): p is PreparedEntry[] {
  return Array.isArray(p) && p.every((e: Partial<PreparedEntry> | null) => typeof e?.key === 'string' && isPreparedJson(e.prepared));
}

function isPreparedJson(p: unknown): p is PreparedJson {
  const o = p as Partial<PreparedJson> | null;
  return typeof o === 'object' && o !== null && Array.isArray(o.globalArgs) && Array.isArray(o.stages) && typeof o.target === 'number' && Array.isArray(o.order) && Array.isArray(o.namedContexts) && Array.isArray(o.states) && Array.isArray(o.steps);
}

/** Written beside and renamed, so a concurrent run reads the old memo or the new one. */
function writeMemo(file: string, memo: MemoFile): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(memo));
    renameSync(tmp, file);
  } catch {
    // not remembered this time
  }
}

/** FNV-1a (32 bits) of a path, for a file name: two paths sharing one only replace each other's memo. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
