/** Whether a command shows its Ink view; decided without loading Ink. */
import type { CommandIO } from './command.js';

/** A terminal on both ends, not CI, and not asked for JSON or plain text. */
export function wantsTui(io: CommandIO, opts: { readonly json: boolean; readonly noTui: boolean }): boolean {
  return !opts.json && !opts.noTui && Boolean(io.stdout.isTTY) && Boolean(io.stdin.isTTY) && !io.env.CI;
}
