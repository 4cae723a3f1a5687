/**
 * The Ink lifecycle for interactive commands: mount, feed progress, show the
 * finished view, wait for the user to leave, unmount. Loaded by dynamic
 * import only on the interactive path, so --json and the plain report never
 * load Ink or React. Timers, clocks and terminal size live here, not in the
 * components.
 */
import type { ReactElement } from 'react';
import { render, type Instance } from 'ink';
import type { ContextProgress } from '../context/index.js';
import { ProgressView } from '../views/tui/ProgressView.js';
import type { CommandIO } from './command.js';

/** Redraw progress at most this often: hashing reports per file, far faster than a terminal needs. */
const PROGRESS_INTERVAL_MS = 80;

export interface TerminalSize {
  readonly width: number;
  readonly height: number;
}

export interface TuiSession {
  /** For planBuild's onProgress. */
  readonly progress: (p: ContextProgress) => void;
  /** Shows the view made for the current size and resolves when the user leaves. */
  show(view: (size: TerminalSize, onExit: () => void) => ReactElement): Promise<void>;
  /** Unmounts (after an error, or when done). */
  close(): void;
}

type TtyOut = NodeJS.WriteStream & { columns?: number; rows?: number };

export function startTuiSession(io: CommandIO, color: boolean): TuiSession {
  const stdout = io.stdout as TtyOut;
  const size = (): TerminalSize => ({ width: stdout.columns || 80, height: stdout.rows || 24 });
  const started = Date.now();
  let last = 0;
  const progressView = (p: ContextProgress | null): ReactElement => <ProgressView progress={p} elapsedMs={Date.now() - started} width={size().width} color={color} />;
  const instance: Instance = render(progressView(null), { stdout, stdin: io.stdin as NodeJS.ReadStream, stderr: io.stderr as NodeJS.WriteStream, patchConsole: false });
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    instance.unmount();
  };
  return {
    progress(p) {
      const now = Date.now();
      if (now - last < PROGRESS_INTERVAL_MS && p.files < p.totalFiles) return;
      last = now;
      instance.rerender(progressView(p));
    },
    async show(view) {
      const draw = (): void => instance.rerender(view(size(), close));
      stdout.on('resize', draw);
      draw();
      try {
        await instance.waitUntilExit();
      } finally {
        stdout.off('resize', draw);
      }
    },
    close,
  };
}
