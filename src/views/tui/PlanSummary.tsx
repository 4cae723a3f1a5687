/** The plan's totals and where the rebuild starts. */
import { Text } from 'ink';
import type { PlanSummary as Summary } from '../../plan/index.js';
import { ORIGIN_GLYPH, styleFor } from './palette.js';

export interface PlanSummaryProps {
  readonly summary: Summary;
  readonly color: boolean;
}

export function PlanSummary({ summary: s, color }: PlanSummaryProps) {
  const origins = s.origins.map((o) => o.line).join(', ');
  return (
    <Text wrap="truncate-end">
      <Text {...styleFor('cached', color)}>{`${s.cached} cached`}</Text>
      {', '}
      <Text {...styleFor('rebuilt', color)}>{`${s.rebuilt} rebuilt`}</Text>
      {s.skipped ? <Text {...styleFor('skipped', color)}>{`, ${s.skipped} skipped`}</Text> : null}
      {s.metadata ? <Text {...styleFor('metadata', color)}>{`, ${s.metadata} metadata`}</Text> : null}
      {s.uncertain ? `, ${s.uncertain} uncertain (?)` : ''}
      {origins ? <Text {...styleFor('origin', color)}>{`; ${ORIGIN_GLYPH} rebuild starts at line ${origins}`}</Text> : ''}
    </Text>
  );
}
