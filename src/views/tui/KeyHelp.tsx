/** The key-help line at the bottom of every view. */
import { Text } from 'ink';
import { styleFor } from './palette.js';

export interface KeyHelpProps {
  readonly keys: readonly (readonly [key: string, action: string])[];
  readonly color: boolean;
}

export function KeyHelp({ keys, color }: KeyHelpProps) {
  return (
    <Text wrap="truncate-end" {...styleFor('dim', color)}>
      {keys.map(([k, a]) => `${k} ${a}`).join('  ')}
    </Text>
  );
}
