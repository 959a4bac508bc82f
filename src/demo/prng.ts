/**
 * Seeded pseudo-random numbers for the synthetic world. sfc32 (Chris Doty-Humphrey's
 * Small Fast Counter, 128-bit state) seeded through cyrb128, a 128-bit string hash: fast,
 * good enough statistically for test data, and identical on every platform because it only
 * uses 32-bit integer arithmetic (`Math.imul`, `>>>`).
 *
 * The important part is {@link subRng}: every entity path (`streets/420102002`,
 * `persons/<household-no>`, `cases/<community>/<n>`) gets its own generator derived from the
 * world seed and the path alone, so generating one more street, household or case never
 * shifts the numbers any other branch sees.
 */

/** cyrb128: hash a string to four 32-bit words (bryc's public-domain hash). */
export function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

import { dateOfDay, dayNumber } from './calendar';

/**
 * A seeded generator with the helpers the world builder needs. Not thread-safe and not
 * meant to be shared between branches: derive a fresh one with {@link subRng} per entity.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seed from four 32-bit words; the first 12 outputs are discarded to mix the state. */
  constructor(a: number, b: number, c: number, d: number) {
    this.a = a >>> 0;
    this.b = b >>> 0;
    this.c = c >>> 0;
    this.d = d >>> 0;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** Next 32-bit unsigned integer (sfc32 step). */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. `min > max` is a programming error. */
  int(min: number, max: number): number {
    if (max < min) throw new Error(`Rng.int: empty range [${min}, ${max}]`);
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability `p` (0 → never, 1 → always). */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element, uniformly. Throws on an empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: empty array');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /**
   * One value from `[value, weight]` pairs, with probability proportional to the weight.
   * Linear scan: for long tables used in hot loops build a {@link WeightedTable} once.
   */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    if (!(total > 0)) throw new Error('Rng.weighted: weights must sum to more than 0');
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  /** A shuffled copy (Fisher–Yates); the input is not changed. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i]!;
      out[i] = out[j]!;
      out[j] = tmp;
    }
    return out;
  }

  /** `k` distinct elements in random order (all of them when `k ≥ length`). */
  sample<T>(items: readonly T[], k: number): T[] {
    if (k >= items.length) return this.shuffle(items);
    // Partial Fisher–Yates on index positions: O(k) swaps, O(n) copy.
    const out = items.slice();
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.next() * (out.length - i));
      const tmp = out[i]!;
      out[i] = out[j]!;
      out[j] = tmp;
    }
    out.length = k;
    return out;
  }

  /** `n` random decimal digits as a string (leading zeros kept). */
  digits(n: number): string {
    let s = '';
    // Up to 8 digits per draw: 10^8 < 2^32, so one uint32 covers them without much bias.
    for (let left = n; left > 0; left -= 8) {
      const k = Math.min(8, left);
      s += String(Math.floor(this.next() * 10 ** k)).padStart(k, '0');
    }
    return s;
  }

  /** Uniform calendar date `YYYY-MM-DD` between `from` and `to` (both `YYYY-MM-DD`, inclusive). */
  dateBetween(from: string, to: string): string {
    const a = dayNumber(from);
    const b = dayNumber(to);
    if (!(b >= a)) throw new Error(`Rng.dateBetween: empty range ${from}..${to}`);
    return dateOfDay(a + this.int(0, b - a));
  }
}

/**
 * Precomputed cumulative weights for fast repeated weighted picks (binary search), e.g. the
 * surname table picked once per person.
 */
export class WeightedTable<T> {
  private readonly values: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  /** Build from `[value, weight]` pairs; weights must be ≥ 0 and sum to more than 0. */
  constructor(entries: readonly (readonly [T, number])[]) {
    this.values = [];
    this.cumulative = [];
    let sum = 0;
    for (const [value, w] of entries) {
      if (!(w >= 0)) throw new Error('WeightedTable: negative or NaN weight');
      if (w === 0) continue;
      sum += w;
      this.values.push(value);
      this.cumulative.push(sum);
    }
    if (!(sum > 0)) throw new Error('WeightedTable: weights must sum to more than 0');
    this.total = sum;
  }

  /** One value, with probability proportional to its weight. */
  pick(rng: Rng): T {
    const r = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo]!;
  }
}

/** A generator seeded from a string alone (no path). */
export function rngFromString(text: string): Rng {
  const [a, b, c, d] = cyrb128(text);
  return new Rng(a, b, c, d);
}

/**
 * The generator of one branch of the world: a pure function of the world seed and the
 * entity path (`'streets/420102002/communities'`, `'persons/100200100012'`). Two calls with
 * the same arguments give generators that produce the same sequence; different paths give
 * unrelated sequences. This is what keeps branches independent: no branch consumes numbers
 * from another branch's generator.
 */
export function subRng(seed: string, path: string): Rng {
  // U+0000 cannot occur in a path we build, so `seed + path` pairs cannot collide.
  return rngFromString(`${seed}\u0000${path}`);
}
