/**
 * A pure function's last few answers, by argument: for work a run asks for
 * again with the same input (check parses one Dockerfile text for the base
 * side, the index side and the rules). Kept small and bounded, so a process
 * that reads thousands of inputs (lint of a monorepo, the fuzzers) holds no
 * more than `size` of them.
 */
export function recentMemo<K, V>(size: number, compute: (key: K) => V): (key: K) => V {
  const answer = recentAnswers<K, V>(size);
  return (key) => answer(key, () => compute(key));
}

/** The same, for an answer computed from more than its key (the key names everything it depends on). */
export function recentAnswers<K, V>(size: number): (key: K, compute: () => V) => V {
  const kept = new Map<K, V>();
  return (key, compute) => {
    if (kept.has(key)) return kept.get(key) as V;
    const value = compute();
    // Map keeps insertion order: the first key is the oldest.
    if (kept.size >= size) kept.delete(kept.keys().next().value as K);
    kept.set(key, value);
    return value;
  };
}
