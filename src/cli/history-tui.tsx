/** `layerplan history` in a terminal: the Ink history view, with the base images' layers where the engine knows them. */
import { engineEndpoint, engineLabel, resolveBaseImages } from '../engine/index.js';
import type { RunRecord } from '../store/types.js';
import type { RunDiff } from '../plan/run-history.js';
import { toBaseNote } from '../layers/base-layers.js';
import { HistoryApp } from '../views/tui/HistoryApp.js';
import type { CommandIO } from './command.js';
import { startTuiSession } from './tui-session.js';

export interface HistoryInput {
  readonly contextDir: string;
  readonly runs: readonly RunRecord[];
  readonly diffs: readonly (RunDiff | null)[];
  readonly color: boolean;
  /** The FROM images the runs name, as recorded (normalised). */
  readonly refs: readonly string[];
}

export async function showHistory(io: CommandIO, input: HistoryInput): Promise<void> {
  const session = startTuiSession(io, input.color);
  try {
    const resolved = await resolveBaseImages(input.refs, io.env);
    const bases = new Map([...resolved].map(([ref, r]) => [ref, toBaseNote(ref, r)]));
    const endpoint = engineEndpoint(io.env);
    const answered = [...resolved.values()].some((r) => !('unavailable' in r) || r.unavailable.kind === 'not-found');
    const engine = typeof endpoint !== 'string' && answered ? engineLabel(endpoint) : null;
    await session.show(({ width, height }, onExit) => (
      <HistoryApp contextDir={input.contextDir} runs={input.runs} diffs={input.diffs} bases={bases} engine={engine} width={width} height={height} color={input.color} onExit={onExit} />
    ));
  } finally {
    session.close();
  }
}
