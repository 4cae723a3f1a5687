/** `layerplan inspect SOURCE` in a terminal: the Ink image view. Loaded by dynamic import only on that path. */
import type { ImageReport } from '../image/report.js';
import { ImageApp } from '../views/tui/ImageApp.js';
import type { CommandIO } from './command.js';
import { startTuiSession } from './tui-session.js';

export async function showImage(io: CommandIO, report: ImageReport, color: boolean): Promise<void> {
  const session = startTuiSession(io, color, 'reading the image…');
  try {
    await session.show(({ width, height }, onExit) => <ImageApp report={report} width={width} height={height} color={color} onExit={onExit} />);
  } finally {
    session.close();
  }
}
