import { describe, expect, it } from 'vitest';
import { topK } from './top-k.js';

describe('topK', () => {
  it('returns the first k items of the sorted list, in order', () => {
    let seed = 3;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const items = Array.from({ length: 2000 }, (_, i) => ({ i, v: Math.floor(random() * 50) }));
    // Ties on v are broken by i, as the engine breaks ties by insertion order.
    const compare = (a: { i: number; v: number }, b: { i: number; v: number }) =>
      b.v - a.v || a.i - b.i;
    for (const k of [0, 1, 7, 50, 1999, 2000, 3000]) {
      expect(topK(items, k, compare)).toEqual([...items].sort(compare).slice(0, k));
    }
  });
});
