import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';

const draws = (seed: number | string, n = 20) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe('createRng', () => {
  it('repeats the same sequence for the same seed, numeric or string', () => {
    expect(draws(7)).toEqual(draws(7));
    expect(draws('experts')).toEqual(draws('experts'));
  });

  it('gives different sequences for different seeds', () => {
    expect(draws(7)).not.toEqual(draws(8));
    expect(draws('experts')).not.toEqual(draws('problems'));
  });

  it('stays in [0, 1) and spreads over the whole range', () => {
    const values = draws(1, 5000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeGreaterThan(0.47);
    expect(mean).toBeLessThan(0.53);
  });

  it('draws integers with both bounds reachable and rejects an empty range', () => {
    const rng = createRng(3);
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(2, 5)));
    expect([...seen].sort()).toEqual([2, 3, 4, 5]);
    expect(() => rng.int(5, 2)).toThrow(RangeError);
  });

  it('never picks a zero-weight entry and follows the weights', () => {
    const rng = createRng(11);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 4000; i++) {
      counts[
        rng.weighted<'a' | 'b' | 'c'>([
          ['a', 1],
          ['b', 3],
          ['c', 0],
        ])
      ]++;
    }
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.5);
    expect(counts.b / counts.a).toBeLessThan(3.5);
  });

  it('shuffles into a permutation without touching the input, and samples distinct items', () => {
    const rng = createRng(5);
    const input = [1, 2, 3, 4, 5, 6, 7, 8];
    const shuffled = rng.shuffle(input);
    expect(input).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...shuffled].sort()).toEqual(input);
    const sample = rng.sample(input, 5);
    expect(new Set(sample).size).toBe(5);
    expect(rng.sample(input, 20)).toHaveLength(8);
  });

  it('refuses to pick from an empty array', () => {
    expect(() => createRng(1).pick([])).toThrow(RangeError);
  });

  it('forks streams that depend on the seed and label only, not on earlier draws', () => {
    const fresh = createRng(9);
    const used = createRng(9);
    for (let i = 0; i < 100; i++) used.next();
    expect(draws2(fresh.fork('companies'))).toEqual(draws2(used.fork('companies')));
    expect(draws2(fresh.fork('companies'))).not.toEqual(draws2(fresh.fork('experts')));
  });
});

function draws2(rng: { next(): number }) {
  return [rng.next(), rng.next(), rng.next()];
}
