import type { ProblemSearchDoc } from '@jiedui/search-config';
import { describe, expect, it } from 'vitest';
import { createTermStore } from './term-store.js';

function problem(i: number): ProblemSearchDoc {
  return {
    id: `prb_${String(i)}`,
    title: `陶瓷釉面龟裂问题${String(i)}`,
    summary: '',
    keywords: [],
    fields: [],
    fieldLabels: [],
    companyId: 'c',
    companyName: 'c',
    town: 't',
    industry: 'i',
    status: 'open',
    confidentiality: 'public',
    publishedAt: 0,
    rev: 1,
  };
}

describe('term store', () => {
  it('leaves the terms of a bulk load until its documents stop arriving, then computes them', () => {
    let clock = 0;
    const store = createTermStore({ now: () => clock });
    store.put(
      'problems',
      Array.from({ length: 600 }, (_, i) => problem(i)),
    );
    expect(store.work(5)).toBe(true);
    expect(store.pending()).toBe(600);
    clock += 4_999;
    store.work(5);
    expect(store.pending()).toBe(600);
    clock += 1_000;
    while (store.work(50));
    expect(store.pending()).toBe(0);
  });

  it('computes the terms of a few written documents at once', () => {
    const store = createTermStore({ now: () => 0 });
    store.put('problems', [problem(1), problem(2)]);
    while (store.work(50));
    expect(store.pending()).toBe(0);
    expect(store.topTerms('陶瓷釉面龟裂', 3).length).toBeGreaterThan(0);
  });
});
