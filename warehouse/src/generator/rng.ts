import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

/** Seeded randomness for the generator: one stream, consumed in a fixed order, so a seed replays exactly. */
export class Rng {
  private readonly gen: ReturnType<typeof xoroshiro128plus>;

  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }

  /** Uniform in [0, 1), 32 bits of resolution (plenty for a simulation). */
  next(): number {
    return (this.gen.next() >>> 0) / 4_294_967_296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** Index drawn from cumulative weights (last element = total). */
  weighted(cumulative: Float64Array | readonly number[]): number {
    const total = cumulative[cumulative.length - 1] ?? 0;
    const x = this.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Log-normal with the given median and spread (sigma of the log). */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Poisson by inversion; fine for the small means a user-day needs. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const l = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > l) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Geometric number of failures before the first success. */
  geometric(p: number): number {
    return Math.floor(Math.log(1 - this.next()) / Math.log(1 - p));
  }
}

export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let acc = 0;
  weights.forEach((w, i) => {
    acc += w;
    out[i] = acc;
  });
  return out;
}

/** Zipf weights 1/rank^s: a few partners or leaders get most of the referrals or followers. */
export function zipf(n: number, s: number): Float64Array {
  return cumulative(Array.from({ length: n }, (_, i) => 1 / Math.pow(i + 1, s)));
}

/**
 * Stable 32-bit hash for assignments that must not depend on draw order: FNV-1a, then murmur3's
 * finalizer, without which similar keys (u0000001, u0000002, …) split unevenly.
 */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
