/**
 * A map read through another with some values replaced and the same keys:
 * what a snapshot patched in a few entries is, without copying the other
 * 20,000 (a copy cost ~4 ms and as much again in GC). Lookups and `keys()`
 * are the base's; iterating values substitutes the replaced ones, in the
 * base's order, so it reads exactly like a copy with those keys set.
 */
export class PatchedMap<K, V> implements ReadonlyMap<K, V> {
  /** `replaced`: keys of `base` with their new values (other keys are ignored by no reader, so they must not be given). */
  constructor(private readonly base: ReadonlyMap<K, V>, private readonly replaced: ReadonlyMap<K, V>) {}

  get size(): number {
    return this.base.size;
  }

  get(key: K): V | undefined {
    return this.replaced.has(key) ? this.replaced.get(key) : this.base.get(key);
  }

  has(key: K): boolean {
    return this.base.has(key);
  }

  keys(): IterableIterator<K> {
    return this.base.keys();
  }

  *values(): IterableIterator<V> {
    for (const [key, value] of this.base) yield this.replaced.has(key) ? (this.replaced.get(key) as V) : value;
  }

  *entries(): IterableIterator<[K, V]> {
    for (const [key, value] of this.base) yield [key, this.replaced.has(key) ? (this.replaced.get(key) as V) : value];
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  forEach(visit: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [key, value] of this.entries()) visit(value, key, this);
  }
}
