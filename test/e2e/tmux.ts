/**
 * Drives the real CLI in a real terminal: a tmux server of our own (its own
 * socket, so a user's tmux is never touched), a pane of a given size, keys
 * sent with send-keys, the screen read with capture-pane. Waits poll the
 * screen with a bounded timeout; nothing sleeps a fixed time.
 */
import { spawnSync } from 'node:child_process';

const POLL_MS = 50;

export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

export class TmuxPane {
  private readonly socket = `layerplan-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  /** Starts `command` (a shell line) in a detached session; the pane stays after it ends, with its exit code printed. */
  constructor(command: string, readonly width = 80, readonly height = 24) {
    this.tmux('new-session', '-d', '-s', 'e2e', '-x', String(width), '-y', String(height), `${command}; echo "EXIT=$?"; exec sleep 600`);
  }

  /** The screen as text; `escapes` keeps colour codes (capture-pane -e). */
  screen(escapes = false): string {
    return this.tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', 'e2e').stdout;
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'e2e', ...keys);
  }

  /** Polls the screen until `test` passes; throws with the last screen after `timeoutMs`. */
  async waitFor(test: RegExp | ((screen: string) => boolean), timeoutMs = 15_000): Promise<string> {
    const ok = typeof test === 'function' ? test : (s: string) => test.test(s);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = this.screen();
      if (ok(s)) return s;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${String(test)}; screen:\n${s}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Ends this test's tmux server (and the processes in its panes) only. */
  kill(): void {
    this.tmux('kill-server');
  }

  private tmux(...args: string[]): { stdout: string } {
    const res = spawnSync('tmux', ['-u', '-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env: { ...process.env, TERM: 'xterm-256color' } });
    if (res.status !== 0 && args[0] !== 'kill-server') throw new Error(`tmux ${args.join(' ')}: ${res.stderr}`);
    return { stdout: res.stdout };
  }
}
