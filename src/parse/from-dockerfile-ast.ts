/**
 * The only module that imports dockerfile-ast. It finds instruction
 * boundaries and parser directives; the bytes that reach cache keys are
 * rebuilt from the raw lines by `logical-line.ts`, the way BuildKit does.
 * Never throws: problems are returned as data.
 */
import { DockerfileParser } from 'dockerfile-ast';
import { refusal } from './argument-rules.js';
import type { Heredoc, Instruction, ParsedDockerfile, ParseProblem } from './instruction.js';
import { KEYWORDS } from './keywords.js';
import { recentMemo } from '../lang/recent-memo.js';
import { describeSize, LIMITS } from './limits.js';
import { joinContinuations, parseExecForm, splitCommand } from './logical-line.js';
import { scanLimits } from './scan-limits.js';

const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
const HEREDOC = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

/**
 * Parses a Dockerfile's text. The answer is plain read-only data and depends
 * on the text alone, so the same text is parsed once: `check` prepares each
 * Dockerfile's text for both sides and for the rules, and the two sides'
 * texts are most often the same (a README edit).
 */
export const parseDockerfile: (content: string) => ParsedDockerfile = recentMemo(8, parseText);

function parseText(content: string): ParsedDockerfile {
  const tooLarge = scanLimits(content);
  if (tooLarge) return { directives: { escape: '\\', syntax: null }, instructions: [], problems: [tooLarge] };
  const ast = DockerfileParser.parse(content);
  const escape = ast.getEscapeCharacter() || '\\';
  const syntax = ast.getDirectives().find((d) => d.getName().toLowerCase() === 'syntax')?.getValue() ?? null;
  const lines = content.split(/\r?\n/);
  const problems: ParseProblem[] = [];
  const instructions: Instruction[] = [];
  for (const node of ast.getInstructions()) {
    const range = node.getRange();
    const ins = buildInstruction(lines.slice(range.start.line, range.end.line + 1), range.start.line + 1, escape);
    if (!KEYWORDS.has(ins.keyword)) {
      problems.push({ line: ins.line, message: `unknown instruction: ${ins.keyword.length > 40 ? `${ins.keyword.slice(0, 40)}...` : ins.keyword}` });
    } else {
      const refused = refusal(ins);
      if (refused) problems.push({ line: ins.line, message: refused });
    }
    instructions.push(ins);
  }
  problems.push(...countLimits(instructions));
  return { directives: { escape, syntax }, instructions, problems: problems.sort((a, b) => a.line - b.line) };
}

/** Instruction and stage counts, and heredoc sizes: the limits that need the parsed instructions. */
function countLimits(instructions: readonly Instruction[]): ParseProblem[] {
  const problems: ParseProblem[] = [];
  const over = instructions[LIMITS.instructions];
  if (over) problems.push({ line: over.line, limit: 'instructions', message: `more than ${LIMITS.instructions} instructions (layerplan's limit; an image holds at most 127 layers)` });
  const extraStage = instructions.filter((i) => i.keyword === 'FROM')[LIMITS.stages];
  if (extraStage) problems.push({ line: extraStage.line, limit: 'stages', message: `more than ${LIMITS.stages} stages (FROM instructions; layerplan's limit)` });
  const bigHeredoc = instructions.find((i) => i.heredocs.some((h) => h.body.length > LIMITS.heredocBytes));
  if (bigHeredoc) problems.push({ line: bigHeredoc.line, limit: 'heredocBytes', message: `a heredoc body is larger than ${describeSize(LIMITS.heredocBytes)} (layerplan's limit); put the file in the build context and COPY it` });
  return problems;
}

/** Builds one instruction from its physical lines (`line` is the first one's number). */
export function buildInstruction(physical: readonly string[], line: number, escape: string): Instruction {
  const { line: original, used } = joinContinuations(physical, escape);
  const { keyword, flags, rest } = splitCommand(original);
  const { heredocs, consumed } = HEREDOC_KEYWORDS.has(keyword)
    ? readHeredocs(rest, physical.slice(used))
    : { heredocs: [], consumed: 0 };
  const endLine = line + used - 1 + consumed;
  const text = physical.slice(0, endLine - line + 1).join('\n');
  const trigger = keyword === 'ONBUILD' && rest ? buildInstruction([rest], line, escape) : null;
  return { keyword, line, endLine, text, original, flags, rest, exec: parseExecForm(rest), heredocs, trigger };
}

function readHeredocs(rest: string, following: readonly string[]): { heredocs: Heredoc[]; consumed: number } {
  const heredocs: Heredoc[] = [];
  let at = 0;
  for (const m of rest.matchAll(HEREDOC)) {
    const [, dash, quote, name] = m;
    if (!name) continue;
    const body: string[] = [];
    while (at < following.length) {
      const raw = following[at++] ?? '';
      const l = dash ? raw.replace(/^\t+/, '') : raw;
      if (l === name) break;
      body.push(l);
    }
    heredocs.push({ name, body: body.join('\n'), expand: !quote });
  }
  return { heredocs, consumed: at };
}
