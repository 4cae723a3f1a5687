/**
 * Remembered Dockerfile parses: parseDockerfile's answer for one Dockerfile path, kept in the store's
 * stat/ folder with the exact text it was made from and the parser that made it, so a plan of an
 * unchanged Dockerfile does not parse it again (the parse and its argument rules were ~4 ms of a
 * 40 ms `build --json` of a small project, more than anything else the plan does there).
 *
 * An optimisation, never a record (as the stat cache beside it): a missing, corrupt or foreign file
 * means a parse, a failed write is ignored, and an answer is taken only when its text and its parser
 * are exactly this text and this parser. The parser is named by the bundle (scripts/bundle.mjs: a hash
 * of the sources parseDockerfile is built from); code run from tsc's output has no such name and
 * remembers nothing. Only clean parses are kept: one with problems fails the plan, which then says so
 * from a fresh parse. I/O edge.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseDockerfile, type ParsedDockerfile } from '../parse/index.js';

declare const __LP_PARSER_ID__: string | undefined;

/** The parser's name in the bundle, else null. */
export const PARSER_ID: string | null = typeof __LP_PARSER_ID__ === 'string' ? __LP_PARSER_ID__ : null;

const VERSION = 1;

interface MemoFile {
  readonly version: number;
  readonly parser: string;
  readonly text: string;
  readonly parsed: ParsedDockerfile;
}

/** `text` parsed, or the parse remembered for it in `dir` (null: remember nothing), the file named by `dockerfile`'s path. */
export function parseRemembered(dir: string | null, dockerfile: string, text: string, parser: string | null = PARSER_ID): ParsedDockerfile {
  if (dir === null || parser === null) return parseDockerfile(text);
  const file = join(dir, `parsed-${fnv1a(resolve(dockerfile))}.json`);
  const known = readMemo(file, parser, text);
  if (known) return known;
  const parsed = parseDockerfile(text);
  if (parsed.problems.length === 0) writeMemo(file, { version: VERSION, parser, text, parsed });
  return parsed;
}

function readMemo(file: string, parser: string, text: string): ParsedDockerfile | null {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<MemoFile>;
    return data.version === VERSION && data.parser === parser && data.text === text && isParsed(data.parsed) ? data.parsed : null;
  } catch {
    return null;
  }
}

/** The shape written (a file of another shape under the same version is someone else's, or damaged). */
function isParsed(p: unknown): p is ParsedDockerfile {
  const o = p as Partial<ParsedDockerfile> | null;
  return typeof o === 'object' && o !== null && Array.isArray(o.instructions) && Array.isArray(o.problems) && o.problems.length === 0 && typeof o.directives?.escape === 'string';
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
