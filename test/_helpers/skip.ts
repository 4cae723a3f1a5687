/**
 * Tests that need something the machine may lack (tmux, real builders, ../shared) skip honestly: uvu's own
 * `test.skip` keeps them out of "Passed" and counts them under "Skipped", and the line printed here says
 * why, so test/run.mjs can end with "N passed, N failed, N skipped" and list the reasons.
 */
import type { Callback, Test } from 'uvu';

/** The line test/run.mjs collects: `SKIP <suite>: <why> › <test>`. */
export const SKIP_MARK = 'SKIP ';

/**
 * The suite's test function when `missing` is null; else one that registers each test as skipped and says
 * why. `missing` is what the machine lacks and how to get it, e.g. "tmux is not installed (apt-get install tmux)".
 */
export function unless(t: Test, suiteName: string, missing: string | null): (name: string, body: Callback) => void {
  if (missing === null) return (name, body) => t(name, body);
  return (name, body) => {
    console.log(`${SKIP_MARK}${suiteName}: ${missing} › ${name}`);
    t.skip(name, body);
  };
}
