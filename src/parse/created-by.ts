/**
 * Reads the `created_by` text of a history entry back into an instruction.
 * The forms (cache-semantics.md §10):
 *   BuildKit  `RUN [|N k=v…] /bin/sh -c <text> # buildkit`, `COPY <src…> <dest> # buildkit`,
 *             `WORKDIR /x`, `ENV k=v`, `CMD ["a" "b"]`…
 *   legacy    `/bin/sh -c #(nop)  ENV k=v`, `/bin/sh -c #(nop) COPY file:<hex> in /d `, `[|N k=v ]/bin/sh -c <text>`
 *   buildah   `/bin/sh -c #(nop) <raw line>`, `|N … /bin/sh -c <raw RUN tail>`
 */
import { KEYWORDS } from './keywords.js';

export interface CreatedBy {
  /** Upper-case instruction keyword; RUN for a bare command line; '' when there is no text. */
  readonly keyword: string;
  /** What follows the keyword, with `# buildkit`, `#(nop)` and build-arg prefixes removed. */
  readonly args: string;
  readonly form: 'buildkit' | 'nop' | 'command' | 'empty';
}


export function parseCreatedBy(text: string): CreatedBy {
  const trimmed = text.trim();
  if (trimmed === '') return { keyword: '', args: '', form: 'empty' };
  const buildkit = /^(.*?)\s*# buildkit$/s.exec(trimmed);
  const body = buildkit ? buildkit[1]! : trimmed;
  const nop = /^\/bin\/sh -c #\(nop\)\s*(.*)$/s.exec(body);
  if (nop) return { ...splitKeyword(nop[1]!), form: 'nop' };
  const word = /^([A-Z]+)(?:\s+(.*))?$/s.exec(body);
  if (word && KEYWORDS.has(word[1]!)) {
    return { keyword: word[1]!, args: word[1] === 'RUN' ? stripBuildArgs(word[2] ?? '') : (word[2] ?? '').trim(), form: 'buildkit' };
  }
  return { keyword: 'RUN', args: stripBuildArgs(body), form: 'command' };
}

function splitKeyword(line: string): { keyword: string; args: string } {
  const m = /^(\S+)\s*(.*)$/s.exec(line.trim());
  return { keyword: (m?.[1] ?? '').toUpperCase(), args: (m?.[2] ?? '').trim() };
}

/** Drops the `|N k=v …` prefix that records build args used by a RUN (N pairs). */
function stripBuildArgs(args: string): string {
  const m = /^\|(\d+)\s+(.*)$/s.exec(args.trim());
  if (!m) return args.trim();
  let rest = m[2]!;
  for (let i = 0; i < Number(m[1]); i++) rest = rest.replace(/^\S+=\S*\s*/, '');
  return rest.trim();
}

/** "file:<hex> in /dest" (legacy and buildah COPY/ADD): the destination, or null for other forms. */
export function nopCopyDestination(args: string): string | null {
  const m = /^(?:file|dir|multi):[0-9a-f]+ in (.+?)\s*$/s.exec(args);
  return m ? m[1]! : null;
}
