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

/** What both views' tests do with a rendered app: read the frame, press keys and settle after each. */
export async function driven(r: { stdin: { write(data: string): void }; lastFrame(): string | undefined; unmount(): void }) {
  await settle();
  const press = async (...keys: string[]): Promise<string> => {
    for (const k of keys) {
      r.stdin.write(k);
      await settle();
    }
    return r.lastFrame() ?? '';
  };
  return { frame: () => r.lastFrame() ?? '', press, unmount: r.unmount };
}
