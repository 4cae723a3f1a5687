/**
 * Checks a Dockerfile's raw text against the size limits before dockerfile-ast
 * sees it: that parser holds ~240 bytes per character of one instruction, so
 * a long line must be refused before parsing, not after.
 */
import type { ParseProblem } from './instruction.js';
import { describeSize, LIMITS } from './limits.js';

const DIRECTIVE = /^#\s*([A-Za-z][A-Za-z0-9]*)\s*=\s*(\S+)\s*$/;

/** The first size limit the text passes, or null. Heredoc bodies count toward a continued line only when they end in the escape too. */
export function scanLimits(content: string): ParseProblem | null {
  if (content.length > LIMITS.dockerfileBytes) {
    return { line: 1, limit: 'dockerfileBytes', message: `the Dockerfile is larger than ${describeSize(LIMITS.dockerfileBytes)} (layerplan's limit)` };
  }
  const lines = content.split('\n');
  const escape = escapeDirective(lines);
  let start = 0;
  let joined = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.length > LIMITS.lineBytes) {
      return { line: i + 1, limit: 'lineBytes', message: `line greater than ${LIMITS.lineBytes} bytes, the builders' maximum (BuildKit: "dockerfile line greater than max allowed size"); split it with ${escape} continuations` };
    }
    if (joined === 0) start = i;
    joined += line.length;
    if (joined > LIMITS.instructionBytes) {
      return { line: start + 1, limit: 'instructionBytes', message: `instruction longer than ${describeSize(LIMITS.instructionBytes)} with its continuation lines (Linux passes at most that to sh -c); move the commands into a script in the context` };
    }
    if (!continues(line, escape)) joined = 0;
  }
  return null;
}

function continues(line: string, escape: string): boolean {
  const trimmed = line.replace(/[ \t\r]+$/, '');
  return trimmed.endsWith(escape) && !trimmed.endsWith(escape + escape);
}

/** The `# escape=` parser directive, read the way BuildKit reads directives: only leading comment lines. */
function escapeDirective(lines: readonly string[]): string {
  for (const line of lines) {
    const m = DIRECTIVE.exec(line.trim());
    if (!m) break;
    if (m[1]?.toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) return m[2];
  }
  return '\\';
}
