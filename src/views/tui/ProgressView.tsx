/** Shown while the build context is walked and hashed. */
import { Box, Text } from 'ink';
import type { ContextProgress } from '../../context/index.js';
import { styleFor } from './palette.js';
import { progressParts } from './progress-text.js';

export interface ProgressViewProps {
  readonly progress: ContextProgress | null;
  readonly elapsedMs: number;
  readonly width: number;
  readonly color: boolean;
  /** What is said before any progress is known. */
  readonly waiting?: string;
}

export function ProgressView({ progress, elapsedMs, width, color, waiting = 'reading the Dockerfile and walking the build context…' }: ProgressViewProps) {
  if (!progress) return <Text {...styleFor('dim', color)}>{waiting}</Text>;
  const parts = progressParts(progress, elapsedMs, width);
  return (
    <Box>
      <Text wrap="truncate-end">
        {parts.counts}  <Text {...styleFor('cached', color)}>{parts.bar}</Text> {parts.percent}
      </Text>
    </Box>
  );
}
