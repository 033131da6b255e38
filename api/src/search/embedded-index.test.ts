import { searchSettings, stopWords } from '@jiedui/search-config';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedIndex, highlightText, outermostTerms } from './embedded-index.js';
import type { SearchFilter } from './engine.js';
import { createSegmenter, type Segmenter } from './segment.js';
import type { ResolvedQuery } from './validate.js';

function query(q: string): ResolvedQuery {
  return {
    index: 'problems',
    q,
    facets: [],
    sort: [],
    limit: 10,
    offset: 0,
    matchingStrategy: 'last',
  };
}

function problem(id: string, title: string) {
  return {
    id,
    title,
    summary: '',
    keywords: [],
    fields: [],
    fieldLabels: [],
    companyId: 'c',
    companyName: 'c',
    town: 't',
    industry: 'i',
    status: 'open' as const,
    confidentiality: 'public' as const,
    publishedAt: 0,
    rev: 1,
  };
}

describe('embedded index', () => {
  let segmenter: Segmenter;
  beforeAll(() => {
    segmenter = createSegmenter({ stopWords });
  });

  it('marks whole Latin words and Chinese substrings, merging overlaps', () => {
    expect(highlightText('Li-ion cells and lion', ['li-ion', 'li', 'ion'], '[', ']')).toBe(
      '[Li-ion] cells and lion',
    );
    expect(highlightText('基于遥感影像', ['遥感'], '<b>', '</b>')).toBe('基于<b>遥感</b>影像');
  });

  it('keeps only the outermost of nested matched terms', () => {
    expect(outermostTerms(['互联', '互联网', 'li', 'li-ion', 'cnc'])).toEqual([
      '互联网',
      'li-ion',
      'cnc',
    ]);
  });

  it('prunes a long query to its rarest words, which still find the document', () => {
    const common = Array.from({ length: 30 }, (_, i) => `common${i}`);
    const docs = Array.from({ length: 50 }, (_, i) => problem(`p${i}`, common.join(' ')));
    docs.push(problem('target', `${common.join(' ')} zirconia`));
    const pruned = createEmbeddedIndex(searchSettings.problems, segmenter, { maxQueryWords: 3 });
    pruned.upsert(docs);
    const q = `${common.join(' ')} zirconia`;
    const result = pruned.search({ ...query(q), matchingStrategy: 'all' });
    // With every word kept, `all` would need the 30 common words too; pruned, zirconia decides.
    expect(result.hits.map((h) => h.id)).toEqual(['target']);
    expect(result.hits[0]?.matchedTerms).toContain('zirconia');
  });

  it('leaves words most documents hold out of a frequency query, keeping three rarer ones', () => {
    const docs = Array.from({ length: 40 }, (_, i) =>
      problem(`p${i}`, i % 2 === 0 ? 'alumina kiln firing' : 'alumina kiln'),
    );
    docs.push(problem('glaze', 'glaze crazing'), problem('both', 'alumina glaze crazing'));
    const index = createEmbeddedIndex(searchSettings.problems, segmenter);
    index.upsert(docs);
    const frequency = {
      ...query('glaze crazing alumina kiln firing'),
      matchingStrategy: 'frequency' as const,
    };
    const result = index.search(frequency);
    // glaze, crazing and firing are the three rarest; alumina and kiln (in 41 and 40 of 42
    // documents) would only reorder documents that hold the rarer words.
    const both = (hits: typeof result.hits) => hits.find((h) => h.id === 'both');
    expect(result.hits.map((h) => h.id).sort()).toEqual(['both', 'glaze']);
    expect(both(result.hits)?.matchedTerms).not.toContain('alumina');
    const kept = createEmbeddedIndex(searchSettings.problems, segmenter, { commonWordShare: 1 });
    kept.upsert(docs);
    expect(both(kept.search(frequency).hits)?.matchedTerms).toContain('alumina');
  });

  it('forgets removed documents in its term statistics', () => {
    const index = createEmbeddedIndex(searchSettings.problems, segmenter);
    index.upsert([problem('a', 'graphene coating'), problem('b', 'graphene sensor')]);
    index.remove(['a']);
    expect(index.count()).toBe(1);
    expect(index.search(query('coating')).hits).toEqual([]);
    expect(index.search(query('graphene')).hits.map((h) => h.id)).toEqual(['b']);
  });

  it('finds a term again after its last document lost it and the index was vacuumed', async () => {
    const index = createEmbeddedIndex(searchSettings.problems, segmenter);
    // Thirty unrelated words of eight letters: none is a typo or a prefix of another.
    let seed = 7;
    const letter = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return String.fromCharCode(97 + (seed % 26));
    };
    const terms = Array.from({ length: 30 }, () => Array.from({ length: 8 }, letter).join(''));
    index.upsert(terms.map((term, i) => problem(`p${i}`, `kiln ${term}`)));
    expect(index.search(query(terms[0] ?? '')).hits.map((h) => h.id)).toEqual(['p0']);
    // Every document loses its own term: the terms' entries empty and vacuuming drops them.
    index.upsert(terms.map((_, i) => problem(`p${i}`, 'kiln')));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(index.search(query(terms[0] ?? '')).hits).toEqual([]);
    // New documents bring the terms back: they must be found, not counted in a dropped entry.
    index.upsert(terms.map((term, i) => problem(`q${i}`, `glaze ${term}`)));
    for (const [i, term] of terms.entries()) {
      expect(index.search(query(term)).hits.map((h) => h.id)).toEqual([`q${i}`]);
    }
    // The same texts indexed at once rank the same way, with the same scores.
    const fresh = createEmbeddedIndex(searchSettings.problems, segmenter);
    fresh.upsert([
      ...terms.map((_, i) => problem(`p${i}`, 'kiln')),
      ...terms.map((term, i) => problem(`q${i}`, `glaze ${term}`)),
    ]);
    for (const q of ['kiln', 'glaze', `glaze ${terms[3] ?? ''}`, 'kiln glaze']) {
      const ranked = (i: typeof index) =>
        i.search(query(q)).hits.map((h) => ({ id: h.id, score: h.score }));
      expect(ranked(index)).toEqual(ranked(fresh));
    }
  });

  it('keeps the terms of a re-pushed document whose texts did not change, and its new fields', () => {
    const index = createEmbeddedIndex(searchSettings.problems, segmenter);
    index.upsert([problem('a', '陶瓷釉面龟裂'), problem('b', '窑炉温控')]);
    index.upsert([{ ...problem('a', '陶瓷釉面龟裂'), status: 'in_progress' as const, rev: 2 }]);
    const hits = index.search({
      ...query('釉面'),
      filter: { field: 'status', op: 'eq', value: 'in_progress' },
    }).hits;
    expect(hits.map((h) => [h.id, h.document.rev])).toEqual([['a', 2]]);
    expect(index.search(query('龟裂')).estimatedTotalHits).toBe(1);
  });

  it('answers filters from the documents as they are after every write', () => {
    const index = createEmbeddedIndex(searchSettings.problems, segmenter);
    index.upsert([
      { ...problem('p1', '注塑模具'), fields: ['mech.mould'] },
      { ...problem('p2', '注塑缩痕'), fields: ['mech.mould'] },
      { ...problem('p3', '遥感影像'), fields: ['geo.rs'] },
    ]);
    const open: SearchFilter = { field: 'status', op: 'eq', value: 'open' };
    const mould: SearchFilter = { field: 'fields', op: 'in', value: ['mech.mould'] };
    const ids = (q: string, filter: ResolvedQuery['filter']) =>
      index
        .search({ ...query(q), ...(filter ? { filter } : {}) })
        .hits.map((hit) => hit.id)
        .sort();
    expect(ids('', { and: [open, mould] })).toEqual(['p1', 'p2']);
    expect(ids('注塑', { and: [open, mould] })).toEqual(['p1', 'p2']);

    // A write changes what passes, for filter-only and text queries alike.
    index.upsert([{ ...problem('p2', '注塑缩痕'), fields: ['mech.mould'], status: 'solved' }]);
    expect(ids('', { and: [open, mould] })).toEqual(['p1']);
    expect(ids('注塑', { and: [open, mould] })).toEqual(['p1']);
    index.upsert([{ ...problem('p3', '注塑遥感'), fields: ['mech.mould'] }]);
    expect(ids('', { and: [open, mould] })).toEqual(['p1', 'p3']);
    index.remove(['p1']);
    expect(ids('', { and: [open, mould] })).toEqual(['p3']);
    expect(ids('注塑', open)).toEqual(['p3']);
    expect(ids('', { or: [mould, { not: open }] })).toEqual(['p2', 'p3']);
  });

  it('keeps the documents of its hot filter in their own text index, in step with writes', () => {
    const open: SearchFilter = { field: 'status', op: 'eq', value: 'open' };
    const index = createEmbeddedIndex(searchSettings.problems, segmenter, { hotFilter: open });
    index.upsert([
      problem('p1', '注塑模具冷却'),
      { ...problem('p2', '注塑缩痕'), status: 'solved' },
      problem('p3', '遥感影像'),
    ]);
    const ids = (q: string, filter?: SearchFilter) =>
      index
        .search({ ...query(q), ...(filter ? { filter } : {}) })
        .hits.map((hit) => hit.id)
        .sort();
    expect(ids('注塑', open)).toEqual(['p1']);
    expect(ids('注塑', { and: [open, { field: 'town', op: 'eq', value: 't' }] })).toEqual(['p1']);
    expect(ids('注塑')).toEqual(['p1', 'p2']);

    // Status changes with the same text move documents in and out.
    index.upsert([
      { ...problem('p1', '注塑模具冷却'), status: 'solved' },
      { ...problem('p2', '注塑缩痕'), status: 'open' },
    ]);
    expect(ids('注塑', open)).toEqual(['p2']);
    // A new text of a hot document is what the hot index finds.
    index.upsert([problem('p2', '遥感缩痕')]);
    expect(ids('注塑', open)).toEqual([]);
    expect(ids('遥感', open)).toEqual(['p2', 'p3']);
    index.remove(['p3']);
    expect(ids('遥感', open)).toEqual(['p2']);
    expect(ids('注塑')).toEqual(['p1']);
  });

  it('answers the hot filter itself, and with it among other conditions', () => {
    const parts: SearchFilter[] = [
      { field: 'status', op: 'eq', value: 'open' },
      { field: 'confidentiality', op: 'in', value: ['public', 'summary'] },
    ];
    const visible: SearchFilter = { and: parts };
    const index = createEmbeddedIndex(searchSettings.problems, segmenter, { hotFilter: visible });
    const many = Array.from({ length: 20 }, (_, i) => ({
      ...problem(`s${String(i)}`, '注塑缩痕'),
      status: 'solved' as const,
    }));
    index.upsert([problem('p1', '注塑模具'), problem('p2', '模具'), ...many]);
    const hit = (filter: SearchFilter) => index.search({ ...query('注塑'), filter }).hits;
    expect(hit(visible).map((h) => h.id)).toEqual(['p1']);
    const town: SearchFilter = { field: 'town', op: 'eq', value: 't' };
    expect(hit({ and: [visible, town] }).map((h) => h.id)).toEqual(['p1']);
    expect(hit({ and: [...parts, town] }).map((h) => h.id)).toEqual(['p1']);
  });

  it('lists by filter alone among the hot documents, from kept sets, in step with writes', () => {
    const visible: SearchFilter = {
      and: [
        { field: 'status', op: 'eq', value: 'open' },
        { field: 'confidentiality', op: 'in', value: ['public', 'summary'] },
      ],
    };
    const index = createEmbeddedIndex(searchSettings.problems, segmenter, { hotFilter: visible });
    index.upsert([
      problem('p1', '注塑'),
      { ...problem('p2', '模具'), town: 'x' },
      { ...problem('p3', '模具'), town: 'x', status: 'solved' as const },
      { ...problem('p4', '模具'), town: 'x', confidentiality: 'private' as const },
    ]);
    const inX: SearchFilter = { and: [visible, { field: 'town', op: 'eq', value: 'x' }] };
    const ids = (q: string, filter: SearchFilter) =>
      index
        .search({ ...query(q), filter })
        .hits.map((hit) => hit.id)
        .sort();
    // Asked three times: once conjunct by conjunct, then from the set kept on the second ask.
    for (let ask = 0; ask < 3; ask++) {
      expect(ids('', inX)).toEqual(['p2']);
      expect(ids('模具', inX)).toEqual(['p2']);
      expect(ids('', visible)).toEqual(['p1', 'p2']);
    }
    index.upsert([
      { ...problem('p3', '模具'), town: 'x' },
      { ...problem('p2', '模具'), town: 'x', status: 'solved' as const },
    ]);
    for (let ask = 0; ask < 3; ask++) {
      expect(ids('', inX)).toEqual(['p3']);
      expect(ids('模具', inX)).toEqual(['p3']);
      expect(ids('', visible)).toEqual(['p1', 'p3']);
    }
  });

  it('scores after updates and removals as an index built from the live documents alone', () => {
    const visible: SearchFilter = {
      and: [
        { field: 'status', op: 'eq', value: 'open' },
        { field: 'confidentiality', op: 'in', value: ['public', 'summary'] },
      ],
    };
    const texts = [
      '注塑模具冷却',
      '注塑缩痕',
      '模具寿命',
      '遥感影像',
      '注塑模具',
      '数控机床',
      '模具',
    ];
    const versions = Array.from({ length: 60 }, (_, i) => ({
      ...problem(
        `p${String(i)}`,
        `${texts[i % texts.length] ?? ''} ${texts[(i * 3) % texts.length] ?? ''}`,
      ),
      town: i % 3 === 0 ? 'x' : 't',
    }));
    const churned = createEmbeddedIndex(searchSettings.problems, segmenter, { hotFilter: visible });
    churned.upsert(versions);
    // New texts for some, status changes (in and out of the hot index) and removals for others.
    const live = versions.map((doc, i) =>
      i % 4 === 0
        ? { ...doc, title: `${texts[(i + 2) % texts.length] ?? ''} 遥感` }
        : i % 5 === 0
          ? { ...doc, status: 'solved' as const }
          : doc,
    );
    churned.upsert(live.filter((_, i) => i % 4 === 0 || i % 5 === 0));
    const removed = live.filter((_, i) => i % 7 === 1).map((doc) => doc.id);
    churned.remove(removed);
    const kept = live.filter((doc) => !removed.includes(doc.id));
    const fresh = createEmbeddedIndex(searchSettings.problems, segmenter, { hotFilter: visible });
    fresh.upsert(kept);

    const scores = (index: typeof fresh, q: string, filter?: SearchFilter) =>
      Object.fromEntries(
        index
          .search({
            ...query(q),
            limit: 100,
            matchingStrategy: 'frequency',
            ...(filter ? { filter } : {}),
          })
          .hits.map((hit) => [hit.id, hit.score]),
      );
    const inX: SearchFilter = { and: [visible, { field: 'town', op: 'eq', value: 'x' }] };
    for (const q of ['注塑', '注塑 模具', '模具 遥感', '遥感 冷却 寿命', '数控']) {
      for (const filter of [undefined, visible, inX]) {
        const expected = scores(fresh, q, filter);
        expect(Object.keys(expected).length).toBeGreaterThan(0);
        const actual = scores(churned, q, filter);
        expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
        for (const [id, score] of Object.entries(expected)) {
          expect(actual[id], `${q} ${id}`).toBeCloseTo(score, 3);
        }
      }
    }
  });
});
