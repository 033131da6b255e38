import { describe, expect, it } from 'vitest';
import { pairwiseLoss } from './loss.js';

describe('pairwiseLoss', () => {
  it('is zero when every pair is in the order of its grades', () => {
    const report = pairwiseLoss([
      [
        { grade: 5, score: 0.9 },
        { grade: 3, score: 0.5 },
        { grade: 1, score: 0.1 },
      ],
    ]);
    expect(report.loss).toBe(0);
    expect(report.pairs).toBe(3);
  });

  it('charges the grade gap for a wrong order and half of it for a tie', () => {
    // Pairs: (5,4) gap 1 wrong → 1; (5,1) gap 4 tie → 2; (4,1) gap 3 right → 0. Total 3 of 8.
    const report = pairwiseLoss([
      [
        { grade: 5, score: 0.2 },
        { grade: 4, score: 0.6 },
        { grade: 1, score: 0.2 },
      ],
    ]);
    expect(report.loss).toBeCloseTo(3 / 8);
    expect(report.hard).toEqual({ pairs: 1, accuracy: 0 });
    expect(report.easy).toEqual({ pairs: 2, accuracy: 0.75 });
  });

  it('ignores equal grades and sums over experts before dividing', () => {
    // Expert A: (3,3) ignored; expert B: (2,1) gap 1 wrong → 1. Total 1 of 1.
    const report = pairwiseLoss([
      [
        { grade: 3, score: 0.1 },
        { grade: 3, score: 0.9 },
      ],
      [
        { grade: 2, score: 0 },
        { grade: 1, score: 1 },
      ],
    ]);
    expect(report.loss).toBe(1);
    expect(report.pairs).toBe(1);
  });

  it('is 0.5 when every score ties', () => {
    const report = pairwiseLoss([
      [
        { grade: 5, score: 0 },
        { grade: 2, score: 0 },
        { grade: 1, score: 0 },
      ],
    ]);
    expect(report.loss).toBe(0.5);
  });
});
