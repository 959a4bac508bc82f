import DataLoader from 'dataloader';

/**
 * The DataLoaders of one request, created on first use and dropped with the request's context
 * (graphql/dataloader README, "Creating a new DataLoader per request"): nothing is cached
 * across requests or callers. A loader is named by what it loads plus the arguments that shape
 * the batch (`householdsByGrid|100|`), so fields asking with different `first`/filters get
 * their own batch.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  /** The loader named `name`, built by `batch` on first use. */
  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>, options: { cacheKey?: (key: K) => unknown } = {}): DataLoader<K, V> {
    let loader = this.loaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V, unknown>(batch, options.cacheKey ? { cacheKeyFn: options.cacheKey } : {}) as DataLoader<K, V>;
      this.loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

/** Orders rows by the keys asked for: `byKey(rows, keys, r => r.id)`; a missing key is `null`. */
export function byKey<K, R>(rows: readonly R[], keys: readonly K[], keyOf: (row: R) => K): (R | null)[] {
  const map = new Map<K, R>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? null);
}

/** Groups rows by key in key order: `groupByKey(rows, keys, r => r.household_id)`. */
export function groupByKey<K, R>(rows: readonly R[], keys: readonly K[], keyOf: (row: R) => K): R[][] {
  const map = new Map<K, R[]>();
  for (const row of rows) {
    const k = keyOf(row);
    let list = map.get(k);
    if (!list) {
      list = [];
      map.set(k, list);
    }
    list.push(row);
  }
  return keys.map((k) => map.get(k) ?? []);
}
