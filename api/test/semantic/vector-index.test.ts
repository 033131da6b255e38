import { describe, expect, it } from 'vitest';
import { dotKernel } from '../../src/semantic/dot-kernel.js';
import { bestMatch, createVectorIndex, dot } from '../../src/semantic/vector-index.js';
import { must } from './model.js';

function random(dims: number, seed: number): Float32Array {
  let s = seed;
  const v = new Float32Array(dims);
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const x = s / 2_147_483_648 - 0.5;
    v[i] = x;
    norm += x * x;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < dims; i++) v[i] = (v[i] ?? 0) * scale;
  return v;
}

it('compiles the SIMD scan kernel on this Node', () => {
  expect(dotKernel()).toBeDefined();
});

// 32 dimensions run the WebAssembly kernels (int8 codes re-scored exactly, or float32), 24 (not a
// multiple of 16) the plain JS scan.
describe.each([
  { dims: 32, simd: true, int8: true },
  { dims: 32, simd: true, int8: false },
  { dims: 32, simd: false, int8: false },
  { dims: 24, simd: true, int8: true },
])('vector index ($dims dims, simd $simd, int8 $int8)', ({ dims, simd, int8 }) => {
  const owners = Array.from({ length: 600 }, (_, o) => ({
    owner: `o${o}`,
    items: Array.from({ length: 1 + (o % 4) }, (_, i) => ({
      ref: `pub:${i}`,
      vector: random(dims, o * 31 + i + 1),
    })),
  }));

  function brute(queries: Float32Array[], list: typeof owners) {
    return list
      .map(({ owner, items }) => {
        const { score, index } = bestMatch(
          queries,
          items.map((i) => i.vector),
        );
        return { owner, score, ref: items[index]?.ref };
      })
      .sort((a, b) => b.score - a.score);
  }

  it('finds the same top owners and best vectors as a brute-force scan', () => {
    const index = createVectorIndex(dims, 8, { simd, int8 });
    for (const o of owners) index.upsert(o.owner, o.items);
    const queries = [random(dims, 9_001), random(dims, 9_002)];
    const hits = index.search(queries, 10);
    const expected = brute(queries, owners).slice(0, 10);
    expect(hits.map((h) => h.owner)).toEqual(expected.map((e) => e.owner));
    expect(hits.map((h) => h.ref)).toEqual(expected.map((e) => e.ref));
    hits.forEach((h, i) => {
      expect(h.score).toBeCloseTo(must(expected[i]).score, 5);
    });
  });

  it('replaces an owner on upsert, forgets it on remove and keeps results through compaction', () => {
    const index = createVectorIndex(dims, 8, { simd, int8 });
    for (const o of owners) index.upsert(o.owner, o.items);
    const query = [random(dims, 7)];
    const [first] = index.search(query, 1);
    expect(first).toBeDefined();
    // The best owner now holds exactly the query vector: it must come first with score 1.
    index.upsert('o5', [{ ref: 'profile', vector: must(query[0]) }]);
    const [top] = index.search(query, 1);
    expect(top).toMatchObject({ owner: 'o5', ref: 'profile' });
    expect(must(top).score).toBeCloseTo(1, 5);
    // Removing most owners forces a compaction; the rest must score as before.
    const kept = owners.filter((o) => Number(o.owner.slice(1)) % 5 === 0 && o.owner !== 'o5');
    for (const o of owners) if (!kept.includes(o)) index.remove(o.owner);
    expect(index.owners).toBe(kept.length);
    expect(index.has('o5')).toBe(false);
    const again = index.search(query, 5).map((h) => h.owner);
    expect(again).toEqual(
      brute(query, kept)
        .slice(0, 5)
        .map((e) => e.owner),
    );
  });

  it('filters owners and scores named candidates exactly', () => {
    const index = createVectorIndex(dims, 1024, { simd, int8 });
    for (const o of owners) index.upsert(o.owner, o.items);
    const query = [random(dims, 42)];
    const even = index.search(query, 5, (owner) => Number(owner.slice(1)) % 2 === 0);
    expect(even).toHaveLength(5);
    expect(even.every((h) => Number(h.owner.slice(1)) % 2 === 0)).toBe(true);
    const scored = index.scoreOwners(query, ['o3', 'o4', 'missing']);
    expect([...scored.keys()]).toEqual(['o3', 'o4']);
    const o3 = must(owners[3]);
    expect(scored.get('o3')?.score).toBeCloseTo(
      Math.max(...o3.items.map((i) => dot(must(query[0]), i.vector))),
      5,
    );
  });

  it('refuses a vector or a query of the wrong size, and the owner keeps its vectors', () => {
    const index = createVectorIndex(dims, 1024, { simd, int8 });
    const [o1] = owners;
    index.upsert('x', must(o1).items);
    expect(() => {
      index.upsert('x', [{ ref: 'p', vector: new Float32Array(3) }]);
    }).toThrow(/3 dimensions/);
    expect(index.itemsOf('x')).toHaveLength(must(o1).items.length);
    expect(() => index.search([new Float32Array(dims + 1)], 3)).toThrow(/query of/);
    expect(() => index.scoreOwners([new Float32Array(3)], ['x'])).toThrow(/query of/);
  });

  it('orders equal scores by owner, whatever the order they came in', () => {
    const index = createVectorIndex(dims, 8, { simd, int8 });
    const vector = random(dims, 77);
    for (const owner of ['d', 'b', 'a', 'c']) index.upsert(owner, [{ ref: 'p', vector }]);
    expect(index.search([vector], 4).map((h) => h.owner)).toEqual(['a', 'b', 'c', 'd']);
    // More equal owners than the search keeps (k, or 2k + 16 with int8): the first ids stay.
    const many = createVectorIndex(dims, 8, { simd, int8 });
    for (let o = 39; o >= 0; o--)
      many.upsert(`n${String(o).padStart(2, '0')}`, [{ ref: 'p', vector }]);
    expect(many.search([vector], 2).map((h) => h.owner)).toEqual(['n00', 'n01']);
  });
});

// The coarse first pass (sign codes around the index's mean, then the best estimates scored
// again) is on by default from 32,768 vectors; `from: 0` turns it on for these small indexes.
describe('coarse first pass', () => {
  const dims = 64;
  // Vectors around 30 topics, as embeddings of texts on a few subjects are: topic + noise.
  function clustered(count: number, seed: number) {
    const topics = Array.from({ length: 30 }, (_, t) => random(dims, 50_000 + t));
    return Array.from({ length: count }, (_, i) => {
      const topic = must(topics[i % topics.length]);
      const noise = random(dims, seed + i);
      const v = topic.map((x, d) => x + 0.6 * (noise[d] ?? 0));
      const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
      return v.map((x) => x / norm);
    });
  }
  const vectors = clustered(3_000, 1);
  const owners = Array.from({ length: 600 }, (_, o) => ({
    owner: `o${o}`,
    items: Array.from({ length: 5 }, (_, i) => ({
      ref: `pub:${i}`,
      vector: must(vectors[(o * 5 + i * 7) % vectors.length]),
    })),
  }));
  const queries = clustered(40, 90_000);

  function exactTop(query: Float32Array, k: number, list = owners) {
    return list
      .map(({ owner, items }) => ({
        owner,
        score: bestMatch(
          [query],
          items.map((i) => i.vector),
        ).score,
      }))
      .sort((a, b) => b.score - a.score)
      .slice(0, k);
  }

  it('answers as the full scan when its shortlist holds all but a few rows', () => {
    const index = createVectorIndex(dims, 8, { coarse: { from: 0, least: 0, share: 0.999 } });
    const full = createVectorIndex(dims, 8, { coarse: false });
    for (const o of owners) {
      index.upsert(o.owner, o.items);
      full.upsert(o.owner, o.items);
    }
    for (const q of queries.slice(0, 5))
      expect(index.search([q], 10)).toEqual(full.search([q], 10));
  });

  it('keeps the true top owners from a tenth of the rows, with exact scores', () => {
    const index = createVectorIndex(dims, 8, { coarse: { from: 0, least: 0, share: 0.1 } });
    for (const o of owners) index.upsert(o.owner, o.items);
    expect(index.coarse).toBe(true);
    let found = 0;
    for (const q of queries) {
      const hits = index.search([q], 10);
      const expected = exactTop(q, 10);
      found += hits.filter((h) => expected.some((e) => e.owner === h.owner)).length;
      // Whatever it returns is scored exactly over all the owner's vectors.
      for (const h of hits) {
        const o = must(owners.find((x) => x.owner === h.owner));
        expect(h.score).toBeCloseTo(exactTop(q, 1, [o])[0]?.score ?? NaN, 5);
      }
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('keeps its codes in step through replacements, removals and compaction', () => {
    const index = createVectorIndex(dims, 8, { coarse: { from: 0, least: 0, share: 0.1 } });
    for (const o of owners) index.upsert(o.owner, o.items);
    const kept = owners.filter((o) => Number(o.owner.slice(1)) % 3 === 0);
    for (const o of owners) if (!kept.includes(o)) index.remove(o.owner);
    // Each kept owner now holds one query exactly: it must come first, with cosine 1.
    queries.slice(0, 10).forEach((q, i) => {
      index.upsert(must(kept[i * 7]).owner, [{ ref: 'profile', vector: q }]);
    });
    queries.slice(0, 10).forEach((q, i) => {
      const [top] = index.search([q], 3);
      expect(top).toMatchObject({ owner: must(kept[i * 7]).owner, ref: 'profile' });
      expect(must(top).score).toBeCloseTo(1, 5);
    });
  });

  it('reads every row when the filter accepts too few of the shortlisted owners', () => {
    const index = createVectorIndex(dims, 8, { coarse: { from: 0, least: 0, share: 0.1 } });
    const full = createVectorIndex(dims, 8, { coarse: false });
    for (const o of owners) {
      index.upsert(o.owner, o.items);
      full.upsert(o.owner, o.items);
    }
    // One owner in twenty: the shortlist holds few of them, so it is not trusted.
    const rare = (owner: string) => Number(owner.slice(1)) % 20 === 0;
    for (const q of queries.slice(0, 10)) {
      expect(index.search([q], 10, rare).map((h) => h.owner)).toEqual(
        full.search([q], 10, rare).map((h) => h.owner),
      );
    }
  });

  it('is built from its threshold and stays off below it', () => {
    // Below `from` the scan reads every row: results equal the index without a coarse pass.
    const index = createVectorIndex(dims, 8, {
      coarse: { from: 1_000_000, least: 0, share: 0.01 },
    });
    const full = createVectorIndex(dims, 8, { coarse: false });
    for (const o of owners) {
      index.upsert(o.owner, o.items);
      full.upsert(o.owner, o.items);
    }
    expect(index.coarse).toBe(false);
    for (const q of queries.slice(0, 5))
      expect(index.search([q], 10)).toEqual(full.search([q], 10));
  });

  it('keeps a shortlist when every estimate is all but equal', () => {
    // The centre is frozen at 1,024 spread rows; those leave and a thousand rows a hair apart stay.
    // Their estimates differ below float32's precision: a histogram bounded by the float64 values
    // put every stored estimate out of its range and kept no row (an empty answer, before).
    const index = createVectorIndex(dims, 8, { coarse: { from: 0, least: 0, share: 0.05 } });
    for (let o = 0; o < 1_024; o++)
      index.upsert(`a${o}`, [{ ref: 'p', vector: random(dims, 7_919 + o) }]);
    const base = random(dims, 1_000);
    for (let o = 0; o < 1_000; o++) {
      const noise = random(dims, 50_000 + o);
      index.upsert(`b${o}`, [{ ref: 'p', vector: base.map((x, d) => x + 3e-8 * (noise[d] ?? 0)) }]);
    }
    for (let o = 0; o < 1_024; o++) index.remove(`a${o}`);
    expect(index.coarse).toBe(true);
    expect(index.search([base], 10)).toHaveLength(10);
  });

  it('answers k owners when the shortlisted rows belong to fewer', () => {
    // One owner holds a thousand rows around the query, so a 5 % shortlist is all that owner's.
    const index = createVectorIndex(dims, 8, { coarse: { from: 0, least: 0, share: 0.05 } });
    const full = createVectorIndex(dims, 8, { coarse: false });
    const query = must(queries[0]);
    const near = Array.from({ length: 1_000 }, (_, i) => {
      const noise = random(dims, 20_000 + i);
      return { ref: `r${i}`, vector: query.map((x, d) => x + 0.05 * (noise[d] ?? 0)) };
    });
    for (const target of [index, full]) {
      target.upsert('near', near);
      for (const o of owners) target.upsert(o.owner, o.items);
    }
    expect(index.coarse).toBe(true);
    const hits = index.search([query], 10).map((h) => h.owner);
    expect(hits).toHaveLength(10);
    expect(hits).toEqual(full.search([query], 10).map((h) => h.owner));
  });
});
