/** The context walk's progress as one line of text: files and bytes done, rate, and a bar sized to the terminal. */
import type { ContextProgress } from '../../context/index.js';
import { bytes } from '../format.js';

const MIN_BAR = 10;
const MAX_BAR = 40;

export interface ProgressParts {
  readonly counts: string;
  readonly bar: string;
  readonly percent: string;
}

export function progressParts(p: ContextProgress, elapsedMs: number, width: number): ProgressParts {
  const fraction = p.totalBytes > 0 ? Math.min(1, p.bytes / p.totalBytes) : p.totalFiles > 0 ? Math.min(1, p.files / p.totalFiles) : 0;
  const rate = elapsedMs > 0 ? `  ${bytes(Math.round((p.bytes * 1000) / elapsedMs))}/s` : '';
  const counts = `hashing  ${p.files.toLocaleString('en-US')}/${p.totalFiles.toLocaleString('en-US')} files  ${bytes(p.bytes)}${p.totalBytes > 0 ? `/${bytes(p.totalBytes)}` : ''}${rate}`;
  const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
  const room = width - counts.length - percent.length - 4;
  const size = Math.max(MIN_BAR, Math.min(MAX_BAR, room));
  const filled = Math.round(fraction * size);
  return { counts, bar: `${'█'.repeat(filled)}${'░'.repeat(size - filled)}`, percent };
}
