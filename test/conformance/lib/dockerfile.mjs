// The Dockerfile's stages and instructions with their 1-based start lines: what a builder's step report
// (BuildKit "[stage i/n] TEXT", buildah "[i/n] STEP k/m: TEXT") is mapped back onto.
import { DockerfileParser } from 'dockerfile-ast';

/**
 * @typedef {{ line: number, keyword: string, text: string }} Instruction
 * @typedef {{ index: number, name: string | null, label: string, fromLine: number, instructions: Instruction[] }} Stage
 *   label = what the recordings put in `stage`: the stage name, or its index as a string when unnamed.
 */

/** @returns {Stage[]} */
export function stagesOf(content) {
  const df = DockerfileParser.parse(content);
  const escape = df.getEscapeCharacter();
  const stages = [];
  for (const ins of df.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    const line = ins.getRange().start.line + 1;
    if (keyword === 'FROM') {
      const name = ins.getBuildStage() ?? null;
      const index = stages.length;
      stages.push({ index, name, label: name ?? String(index), fromLine: line, instructions: [] });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (stage) stage.instructions.push({ line, keyword, text: joinedText(headOf(ins.getTextContent()), escape) });
  }
  return stages;
}

// A heredoc instruction's own line(s), without the bodies: builders print it as `RUN <<EOF (first body line...)`.
function headOf(raw) {
  const lines = raw.split(/\r?\n/);
  const at = lines.findIndex((l) => /<<-?["']?[A-Za-z_]/.test(l));
  return at < 0 ? raw : lines.slice(0, at + 1).join('\n');
}

// One logical line: continuations joined the way the Dockerfile parser does (escape + newline removed,
// comment lines inside the continuation dropped), trimmed.
function joinedText(raw, escape) {
  const lines = raw.split(/\r?\n/);
  const kept = lines.filter((l, i) => i === 0 || !/^\s*#/.test(l));
  return kept.map((l) => l.replace(new RegExp(`${escapeRe(escape)}\\s*$`), '')).join('').trim();
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether a builder's printed step text can be this instruction: whitespace and keyword case are ignored and
 * `$VAR`/`${VAR...}` match anything, because BuildKit prints RUN text with build args expanded.
 */
export function textMatches(ins, printed) {
  const squash = (s) => s.replace(/\s+/g, '');
  const [kw, ...rest] = ins.text.split(/\s+/);
  const pattern = [kw.toUpperCase(), ...rest].join('')
    .split(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/)
    .map(escapeRe)
    .join('.*');
  const shown = /<<-?["']?[A-Za-z_]/.test(printed) ? printed.replace(/ \([^]*\)\s*$/, '') : printed;
  const [pkw, ...prest] = shown.trim().split(/\s+/);
  return new RegExp(`^${pattern}$`, 's').test(squash([pkw.toUpperCase(), ...prest].join(' ')));
}
