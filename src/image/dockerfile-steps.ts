import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { parseExecForm } from '../parse/logical-line.js';
import { ImageReadError } from './errors.js';

/**
 * The Dockerfile instructions that can leave a history entry in the final
 * image, read with dockerfile-ast. This is the one file of src/image that
 * parses Dockerfiles; it can switch to src/parse once that lands.
 */
export interface DockerfileStep {
  /** 1-based line of the instruction. */
  readonly line: number;
  readonly keyword: string;
  /** Arguments with continuations joined and flags (--from, --chown…) left out. */
  readonly args: string;
  /** The JSON strings of an exec-form instruction (RUN ["a","b"]). */
  readonly exec?: readonly string[];
}

/**
 * Steps of the stage the image was built from (`target`, else the last),
 * preceded by those of the stages it builds on (`FROM <stage>`), whose
 * history the image inherits. FROM and ONBUILD write no entry of their own.
 */
export function dockerfileSteps(content: string, target?: string): DockerfileStep[] {
  const stages = splitStages(DockerfileParser.parse(content).getInstructions());
  const wanted = target ? stages.findIndex((s) => s.name === target.toLowerCase()) : stages.length - 1;
  if (wanted < 0) throw new ImageReadError('E_NOT_FOUND', `the Dockerfile has no stage named "${target}"`);
  const chain: Stage[] = [];
  for (let at: number | undefined = wanted; at !== undefined && chain.length <= stages.length; ) {
    const stage: Stage = stages[at]!;
    chain.unshift(stage);
    const parent = stages.findIndex((s, i) => i < at! && s.name !== undefined && s.name === stage.from);
    at = parent >= 0 ? parent : undefined;
  }
  return chain.flatMap((s) => s.steps);
}

interface Stage {
  readonly name?: string;
  readonly from: string;
  readonly steps: DockerfileStep[];
}

function splitStages(instructions: readonly Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const ins of instructions) {
    const keyword = ins.getKeyword().toUpperCase();
    if (keyword === 'FROM') {
      const words = (ins.getArgumentsContent() ?? '').split(/\s+/).filter((w) => !w.startsWith('--'));
      const as = words.findIndex((w) => w.toLowerCase() === 'as');
      stages.push({ from: (words[0] ?? '').toLowerCase(), ...(as >= 0 && words[as + 1] ? { name: words[as + 1]!.toLowerCase() } : {}), steps: [] });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage || keyword === 'ONBUILD') continue; // ARGs before the first FROM belong to no image
    stage.steps.push(toStep(ins, keyword));
  }
  return stages;
}

function toStep(ins: Instruction, keyword: string): DockerfileStep {
  const args = (ins.getArgumentsContent() ?? '').trim();
  const step = { line: ins.getRange().start.line + 1, keyword, args };
  const exec = parseExecForm(args);
  return exec ? { ...step, exec } : step;
}

