/**
 * Pairwise precision and recall of an entity resolution against the truth.
 *
 * A *sighting* is one mention of a real thing in one source record (a resident row, a reporter on
 * a case, a building named by a repair order, a handling unit of a case …) with the thing's truth
 * key and the golden row the hub put it on (`null` when the record never reached the store). Two
 * sightings form a *true pair* when their truth keys are equal and a *predicted pair* when they
 * landed on the same golden row. precision = |true ∩ predicted| / |predicted|, recall =
 * |true ∩ predicted| / |true| (1 when the denominator is 0). A sighting that never reached the
 * store pairs with nothing: it costs recall, never precision.
 */

/** One mention of a real thing, and where the hub put it. */
export interface Sighting {
  /** The thing in the World: a person's ID number, a building key, an organisation key. */
  truth: string;
  /** The golden row's id, `null` when the record is not in the store. */
  stored: string | null;
  /** Area code the sighting belongs to (for per-district figures). */
  area: string;
  /** Where it comes from, for reports: `source/stream`. */
  from: string;
}

/** Counts and ratios of one pairwise comparison. */
export interface PairwiseScore {
  sightings: number;
  /** Sightings whose record is not in the store. */
  unstored: number;
  /** Distinct truth keys / distinct golden rows among the stored sightings. */
  entities: number;
  rows: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  precision: number;
  recall: number;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

function countBy<T>(items: readonly T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, n) => a + pairs(n), 0);

/** Pairwise precision and recall of the sightings (see the module comment). */
export function pairwiseScore(sightings: readonly Sighting[]): PairwiseScore {
  const stored = sightings.filter((s) => s.stored !== null);
  const truePairs = sum(countBy(sightings, (s) => s.truth));
  const predictedPairs = sum(countBy(stored, (s) => s.stored!));
  const correctPairs = sum(countBy(stored, (s) => `${s.truth}\u0000${s.stored}`));
  return {
    sightings: sightings.length,
    unstored: sightings.length - stored.length,
    entities: new Set(stored.map((s) => s.truth)).size,
    rows: new Set(stored.map((s) => s.stored)).size,
    truePairs,
    predictedPairs,
    correctPairs,
    precision: predictedPairs === 0 ? 1 : correctPairs / predictedPairs,
    recall: truePairs === 0 ? 1 : correctPairs / truePairs,
  };
}

/** Precision and recall of predicted links against true links (unordered pairs of keys). */
export function linkScore(truth: readonly (readonly [string, string])[], predicted: readonly (readonly [string, string])[]): { truePairs: number; predictedPairs: number; correctPairs: number; precision: number; recall: number } {
  const key = ([a, b]: readonly [string, string]) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const t = new Set(truth.map(key));
  const p = new Set(predicted.map(key));
  const correct = [...p].filter((k) => t.has(k)).length;
  return {
    truePairs: t.size,
    predictedPairs: p.size,
    correctPairs: correct,
    precision: p.size === 0 ? 1 : correct / p.size,
    recall: t.size === 0 ? 1 : correct / t.size,
  };
}

/**
 * Where the errors are: missed true pairs (recall) and wrong predicted pairs (precision), by the
 * pair of sources the two sightings come from (`a + b`, sorted), largest first.
 */
export function pairErrorsBySource(sightings: readonly Sighting[]): { missed: [string, number][]; wrong: [string, number][] } {
  const missed = new Map<string, number>();
  const wrong = new Map<string, number>();
  const add = (m: Map<string, number>, a: string, b: string, n: number) => {
    if (n === 0) return;
    const k = a <= b ? `${a} + ${b}` : `${b} + ${a}`;
    m.set(k, (m.get(k) ?? 0) + n);
  };
  // classes of (from, truth, stored) with their sizes, grouped by truth and by stored row
  const classes = countBy(sightings, (s) => `${s.from}\u0000${s.truth}\u0000${s.stored ?? ''}`);
  const parsed = [...classes].map(([k, n]) => {
    const [from, truth, stored] = k.split('\u0000') as [string, string, string];
    return { from, truth, stored: stored === '' ? null : stored, n };
  });
  const group = <K>(key: (c: (typeof parsed)[number]) => K | null) => {
    const m = new Map<K, (typeof parsed)[number][]>();
    for (const c of parsed) {
      const k = key(c);
      if (k === null) continue;
      if (!m.has(k)) m.set(k, []);
      m.get(k)!.push(c);
    }
    return m;
  };
  for (const cs of group((c) => c.truth).values()) {
    for (let i = 0; i < cs.length; i++) {
      const a = cs[i]!;
      if (a.stored === null) add(missed, a.from, a.from, pairs(a.n));
      for (let j = i + 1; j < cs.length; j++) {
        const b = cs[j]!;
        if (a.stored === null || b.stored === null || a.stored !== b.stored) add(missed, a.from, b.from, a.n * b.n);
      }
    }
  }
  for (const cs of group((c) => c.stored).values()) {
    for (let i = 0; i < cs.length; i++) {
      for (let j = i + 1; j < cs.length; j++) if (cs[i]!.truth !== cs[j]!.truth) add(wrong, cs[i]!.from, cs[j]!.from, cs[i]!.n * cs[j]!.n);
    }
  }
  const top = (m: Map<string, number>) => [...m].sort((x, y) => y[1] - x[1]).slice(0, 6);
  return { missed: top(missed), wrong: top(wrong) };
}
