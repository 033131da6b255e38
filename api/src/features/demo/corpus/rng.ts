// Demo data must be identical on every machine and every run, so that a screenshot, a test or an
// evaluation figure can be reproduced from a seed. Math.random cannot be seeded; mulberry32 is a
// tiny 32-bit generator whose quality is plenty for picking words.

/** A seeded pseudo-random source. Every generator in the corpus takes one and nothing else random. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** A float in [min, max). */
  float(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element, uniformly. Throws on an empty array: that is a data bug, not a case to handle. */
  pick<T>(items: readonly T[]): T;
  /** One value, with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [value: T, weight: number])[]): T;
  /** A shuffled copy (Fisher–Yates); the input is left alone. */
  shuffle<T>(items: readonly T[]): T[];
  /** n distinct elements in random order (all of them when n exceeds the length). */
  sample<T>(items: readonly T[], n: number): T[];
  /**
   * An independent generator derived from this one's seed and a label, so that adding a draw to
   * one part of the demo data does not reshuffle every other part.
   */
  fork(label: string): Rng;
}

// FNV-1a: turns a string seed or fork label into 32 bits.
function hashString(text: string, basis = 0x811c9dc5): number {
  let hash = basis;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function createRng(seed: number | string): Rng {
  const seed32 = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  let state = seed32;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const int = (min: number, max: number): number => {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`int(${min}, ${max}) needs integers with min <= max`);
    }
    return min + Math.floor(next() * (max - min + 1));
  };

  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError('pick from an empty array');
    return items[Math.floor(next() * items.length)] as T;
  };

  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };

  return {
    next,
    int,
    float: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick,
    weighted: <T>(entries: readonly (readonly [T, number])[]): T => {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      if (!(total > 0)) throw new RangeError('weighted needs a positive total weight');
      let remaining = next() * total;
      for (const [value, weight] of entries) {
        remaining -= weight;
        if (remaining < 0) return value;
      }
      // Floating-point rounding can leave a hair of weight unspent; the last entry owns it.
      const last = entries.at(-1);
      if (!last) throw new RangeError('weighted from an empty list');
      return last[0];
    },
    shuffle,
    sample: (items, n) => shuffle(items).slice(0, Math.max(0, n)),
    fork: (label) => createRng(hashString(label, seed32 ^ 0x9e3779b9)),
  };
}
