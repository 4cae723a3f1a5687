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
