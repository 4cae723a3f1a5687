/**
 * The plan as Markdown, for a pull request comment or a CI job summary
 * ($GITHUB_STEP_SUMMARY): the steps that will rebuild, why, and what they
 * are expected to take. Cached steps are only counted: a reviewer reads
 * what costs time.
 */
import type { Plan, RebuiltStep } from '../plan/index.js';
import { costText } from './cost-text.js';
import { formatSeconds } from '../timings/duration.js';
import { oneLine, reasonLine } from './reason-text.js';
import { truncate } from './format.js';

/** `notes` are shown under the heading (what the plan is compared with). */
export function renderMarkdown(plan: Plan, notes: readonly string[] = []): string {
  const s = plan.summary;
  const out = [`### layerplan: \`${cell(plan.dockerfile)}\`${plan.target ? ` (target \`${cell(plan.target)}\`)` : ''}`, ''];
  out.push(...notes.map((n) => `_${cell(n)}_`), ...(notes.length ? [''] : []));
  out.push(`**${s.rebuilt} rebuilt**, ${s.cached} cached${s.uncertain ? `, ${s.uncertain} uncertain` : ''}${s.cost ? `; ${costText(s.cost)}` : ''}`, '');
  const rebuilt = plan.steps.filter((ps): ps is RebuiltStep => ps.status === 'rebuilt');
  if (!rebuilt.length) return `${out.join('\n')}Every step is cached.\n`;
  out.push('| line | stage | step | why | est. |', '| ---: | --- | --- | --- | ---: |');
  for (const ps of rebuilt) out.push(row(ps));
  return `${out.join('\n')}\n`;
}

function row(ps: RebuiltStep): string {
  const why = reasonLine(ps.reason);
  const est = ps.estimate ? formatSeconds(ps.estimate.seconds) : '';
  return `| ${ps.step.instruction.line} | ${cell(ps.stage)} | \`${cell(truncate(oneLine(ps.step.instruction.text), 60))}\` | ${cell(why)}${ps.certain ? '' : ' (uncertain)'} | ${est} |`;
}

/** Table cells cannot hold a pipe or a line break. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
