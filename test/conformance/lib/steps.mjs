// Maps the steps a builder printed back onto Dockerfile instructions, giving the recorded
// {line, stage, text, cached} entries.
import { textMatches } from './dockerfile.mjs';

/**
 * BuildKit names a vertex "[<stage> i/n] TEXT" (no stage part when the Dockerfile has one stage; "stage-N" for
 * unnamed stages of a multi-stage file). `i` skips instructions without a vertex, so instructions are matched by
 * text, in order, within the stage.
 * @param {import('./dockerfile.mjs').Stage[]} stages
 * @param {{stage: string, index: number, text: string, cached: boolean}[]} vertices
 * @param {(msg: string) => void} warn
 */
export function mapBuildkitVertices(stages, vertices, warn) {
  const steps = [];
  const byStage = new Map();
  for (const v of vertices) {
    const stage = buildkitStage(stages, v.stage);
    if (!stage) { warn(`BuildKit vertex in unknown stage "${v.stage}": ${v.text}`); continue; }
    if (!byStage.has(stage)) byStage.set(stage, []);
    byStage.get(stage).push(v);
  }
  for (const [stage, vs] of [...byStage].sort((a, b) => a[0].index - b[0].index)) {
    let cursor = 0;
    for (const v of vs.sort((a, b) => a.index - b.index)) {
      const at = stage.instructions.findIndex((ins, k) => k >= cursor && textMatches(ins, v.text));
      if (at < 0) {
        // ONBUILD triggers run at the top of the stage that inherits them: BuildKit attributes them to its FROM.
        warn(`BuildKit step "${v.text}" matches no instruction of stage ${stage.label}; recorded on its FROM line`);
        steps.push({ line: stage.fromLine, stage: stage.label, text: v.text, cached: v.cached });
        continue;
      }
      cursor = at + 1;
      steps.push({ line: stage.instructions[at].line, stage: stage.label, text: v.text, cached: v.cached });
    }
  }
  return steps;
}

function buildkitStage(stages, label) {
  if (label === '') return stages.length === 1 ? stages[0] : undefined;
  const unnamed = /^stage-(\d+)$/.exec(label);
  if (unnamed) return stages[Number(unnamed[1])];
  return stages.find((s) => s.name !== null && s.name.toLowerCase() === label.toLowerCase());
}

/**
 * buildah prints "[s/S] STEP k/m: TEXT" ("STEP k/m: TEXT" for one stage); step 1 is the FROM, step k the
 * (k-1)th instruction after it. Stage numbers count all stages of the file, skipped ones included.
 * @param {import('./dockerfile.mjs').Stage[]} stages
 * @param {{stage: number, step: number, text: string, cached: boolean}[]} reported stage and step 1-based
 */
export function mapBuildahSteps(stages, reported, warn) {
  const steps = [];
  for (const r of reported) {
    const stage = stages[r.stage - 1];
    if (!stage) { warn(`buildah stage ${r.stage} does not exist: ${r.text}`); continue; }
    if (r.step === 1) continue; // FROM: the recordings list no FROM steps
    const ins = stage.instructions[r.step - 2];
    if (!ins || !textMatches(ins, r.text)) {
      warn(`buildah step ${r.stage}/${r.step} "${r.text}" is not instruction ${ins ? `"${ins.text}"` : '(none)'}; recorded on the stage's FROM line`);
      steps.push({ line: stage.fromLine, stage: stage.label, text: r.text, cached: r.cached });
      continue;
    }
    steps.push({ line: ins.line, stage: stage.label, text: r.text, cached: r.cached });
  }
  return steps;
}
