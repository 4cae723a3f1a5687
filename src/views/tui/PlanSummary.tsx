/** The plan's totals and where the rebuild starts; the latter moves to its own line when the terminal is narrow. */
import { Box, Text } from 'ink';
import type { PlanSummary as Summary } from '../../plan/index.js';
import { costText } from '../cost-text.js';
import { ORIGIN_GLYPH, styleFor, type Tone } from './palette.js';

export interface PlanSummaryProps {
  readonly summary: Summary;
  readonly width: number;
  readonly color: boolean;
}

export function summaryParts(s: Summary): { readonly totals: readonly (readonly [string, Tone])[]; readonly origins: string } {
  const totals: [string, Tone][] = [[`${s.cached} cached`, 'cached'], [`${s.rebuilt} rebuilt`, 'rebuilt']];
  if (s.skipped) totals.push([`${s.skipped} skipped`, 'skipped']);
  if (s.metadata) totals.push([`${s.metadata} metadata`, 'metadata']);
  if (s.uncertain) totals.push([`${s.uncertain} uncertain (?)`, 'plain']);
  if (s.cost) totals.push([costText(s.cost, true), 'plain']);
  const origins = s.origins.length ? `${ORIGIN_GLYPH} rebuild starts at line ${s.origins.map((o) => o.line).join(', ')}` : '';
  return { totals, origins };
}

export function PlanSummary({ summary, width, color }: PlanSummaryProps) {
  const { totals, origins } = summaryParts(summary);
  const length = totals.reduce((n, [t]) => n + t.length + 2, 0) + origins.length + 2;
  const originText = <Text {...styleFor('origin', color)}>{origins}</Text>;
  return (
    <Box flexDirection={length > width ? 'column' : 'row'}>
      <Text wrap="truncate-end">
        {totals.map(([t, tone], i) => <Text key={t} {...styleFor(tone, color)}>{`${i ? ', ' : ''}${t}`}</Text>)}
        {origins && length <= width ? '; ' : ''}
      </Text>
      {origins ? originText : null}
    </Box>
  );
}
