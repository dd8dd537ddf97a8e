/**
 * A small seeded pseudo-random generator for the demo city: xoshiro128** seeded through splitmix32.
 * Pure 32-bit integer arithmetic, so the same seed gives the same stream on every platform; the
 * demo generator never touches Math.random.
 */

/** splitmix32: expands one 32-bit seed into well-mixed state words. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Hashes a label into 32 bits (FNV-1a), to derive independent named streams from one seed. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const TWO_POW_32 = 4294967296;

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = NaN;

  /** A generator for a seed; `stream` names an independent sub-stream of the same seed. */
  constructor(seed: number, stream = '') {
    const st = { s: (Math.trunc(seed) ^ hashLabel(stream)) | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** A generator with an explicit xoshiro128** state (not all zero); for checking against reference vectors. */
  static fromState(a: number, b: number, c: number, d: number): Random {
    if ((a | b | c | d) === 0) throw new Error('xoshiro128** state must not be all zero');
    const r = new Random(0);
    r.a = a | 0;
    r.b = b | 0;
    r.c = c | 0;
    r.d = d | 0;
    return r;
  }

  /** The next 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.uniform();
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.uniform() * (max - min + 1));
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty array');
    return items[Math.floor(this.uniform() * items.length)]!;
  }

  /** Standard normal (Box–Muller; the second variate is kept for the next call). */
  normal(mean = 0, sd = 1): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = NaN;
      return mean + sd * z;
    }
    const u1 = 1 - this.uniform(); // (0, 1]
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    this.spare = r * Math.sin(theta);
    return mean + sd * r * Math.cos(theta);
  }

  /** Log-normal given its median and the standard deviation of its logarithm. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Shuffles an array in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** k distinct indices out of [0, n), in ascending order (partial Fisher–Yates; k ≤ n). */
  sample(n: number, k: number): number[] {
    const take = Math.min(k, n);
    const chosen = new Map<number, number>();
    const out: number[] = [];
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(this.uniform() * (n - i));
      const vj = chosen.get(j) ?? j;
      chosen.set(j, chosen.get(i) ?? i);
      out.push(vj);
    }
    return out.sort((x, y) => x - y);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A precomputed weighted choice over items (binary search over cumulative weights). */
export class WeightedTable<T> {
  private readonly cumulative: Float64Array;
  private readonly total: number;
  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    if (items.length === 0 || items.length !== weights.length) throw new Error('weighted table: bad sizes');
    this.cumulative = new Float64Array(items.length);
    let acc = 0;
    weights.forEach((w, i) => {
      if (!(w >= 0)) throw new Error(`weighted table: bad weight ${w}`);
      acc += w;
      this.cumulative[i] = acc;
    });
    if (acc <= 0) throw new Error('weighted table: weights sum to zero');
    this.total = acc;
  }

  /** The index of a weighted draw. */
  index(rng: Random): number {
    const x = rng.uniform() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (x < this.cumulative[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** A weighted draw. */
  pick(rng: Random): T {
    return this.items[this.index(rng)]!;
  }
}

/** Weighted pick without building a table (for one-off small choices). */
export function weightedPick<T>(rng: Random, items: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let x = rng.uniform() * total;
  for (const [item, w] of items) {
    if (x < w) return item;
    x -= w;
  }
  const last = items[items.length - 1];
  if (!last) throw new Error('weighted pick from an empty list');
  return last[0];
}
