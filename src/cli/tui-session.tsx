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

/**
 * The view runs on the terminal's alternate screen, as less, htop and dive
 * do: on exit the shell gets back its screen as it was, the prompt on a line
 * of its own and none of the view left over.
 */
/** Switch, clear it, cursor to the top left (the switch keeps the cursor where the shell left it). */
const ALT_SCREEN_ON = '\u001B[?1049h\u001B[2J\u001B[H';
const ALT_SCREEN_OFF = '\u001B[?1049l';

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
  /** Unmounts (after an error, or when done) and leaves the alternate screen; `after` is then printed on the shell's screen. */
  close(after?: string): void;
}

type TtyOut = NodeJS.WriteStream & { columns?: number; rows?: number };

/** `waiting`: what the screen says until there is progress or a view to show. */
export function startTuiSession(io: CommandIO, color: boolean, waiting?: string): TuiSession {
  const stdout = io.stdout as TtyOut;
  // One row short of the screen: a frame as tall as the terminal makes Ink clear and redraw it all on every key.
  const size = (): TerminalSize => ({ width: stdout.columns || 80, height: Math.max(3, (stdout.rows || 24) - 1) });
  stdout.write(ALT_SCREEN_ON);
  const leaveAltScreen = (): void => {
    stdout.write(ALT_SCREEN_OFF);
  };
  // Also when the process ends some other way (an error, a signal Ink does not handle).
  process.once('exit', leaveAltScreen);
  const started = Date.now();
  let last = 0;
  const progressView = (p: ContextProgress | null): ReactElement => <ProgressView progress={p} elapsedMs={Date.now() - started} width={size().width} color={color} {...(waiting ? { waiting } : {})} />;
  const instance: Instance = render(progressView(null), { stdout, stdin: io.stdin as NodeJS.ReadStream, stderr: io.stderr as NodeJS.WriteStream, patchConsole: false });
  let closed = false;
  const close = (after?: string): void => {
    if (closed) return;
    closed = true;
    instance.unmount();
    process.off('exit', leaveAltScreen);
    leaveAltScreen();
    if (after) stdout.write(after);
  };
  return {
    progress(p) {
      const now = Date.now();
      if (now - last < PROGRESS_INTERVAL_MS && p.files < p.totalFiles) return;
      last = now;
      instance.rerender(progressView(p));
    },
    async show(view) {
      // Leaving the view only unmounts; `close` then restores the screen (and prints what the command leaves behind).
      const draw = (): void => instance.rerender(view(size(), () => instance.unmount()));
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
