/**
 * Lets Ink and React finish with written keys: a few turns of the event loop,
 * not a sleep. Ink flushes a lone Esc on the next turn (it may start an escape
 * sequence), and React's scheduler commits the resulting render a turn or two
 * later; five turns cover both with room to spare.
 */
const TURNS = 5;

export async function settle(): Promise<void> {
  for (let i = 0; i < TURNS; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** The inverse-video codes of the selected row (kept without colour) and the row's trailing fill. */
const INVERSE = /\u001B\[(?:7|27)m/g;

/** A frame as text: the selection's inverse codes out, lines right-trimmed; `raw` keeps them. */
export function plainFrame(frame: string): string {
  return frame.replace(INVERSE, '').split('\n').map((l) => l.trimEnd()).join('\n');
}

/** What every view's tests do with a rendered app: read the frame, press keys and settle after each. */
export async function driven(r: { stdin: { write(data: string): void }; lastFrame(): string | undefined; unmount(): void }) {
  await settle();
  const press = async (...keys: string[]): Promise<string> => {
    for (const k of keys) {
      r.stdin.write(k);
      await settle();
    }
    return plainFrame(r.lastFrame() ?? '');
  };
  return { frame: () => plainFrame(r.lastFrame() ?? ''), raw: () => r.lastFrame() ?? '', press, unmount: r.unmount };
}
