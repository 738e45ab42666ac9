// Grouping values under a key, as the graph's indexes and the loader's per-cluster lists do.

/** Append `value` to the list under `key`, creating the list on first use. */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Lists of values under three string keys (for example a type, a group and a name), held in
 * nested maps: no joined key string is built and hashed per lookup, which on ten thousand
 * resources cost more than the maps themselves.
 */
export class Index3<T> {
  private readonly top = new Map<string, Map<string, Map<string, T[]>>>();

  /** Append `value` under (a, b, c); returns the list it joined. */
  add(a: string, b: string, c: string, value: T): T[] {
    let mid = this.top.get(a);
    if (!mid) this.top.set(a, (mid = new Map()));
    let low = mid.get(b);
    if (!low) mid.set(b, (low = new Map()));
    const list = low.get(c);
    if (list) {
      list.push(value);
      return list;
    }
    const created = [value];
    low.set(c, created);
    return created;
  }

  /** The list under (a, b, c), or undefined when nothing was added there. */
  get(a: string, b: string, c: string): T[] | undefined {
    return this.top.get(a)?.get(b)?.get(c);
  }

  /** Every list, in the order their first values were added under each key. */
  *lists(): IterableIterator<T[]> {
    for (const mid of this.top.values()) for (const low of mid.values()) yield* low.values();
  }
}
