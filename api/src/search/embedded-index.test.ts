import { searchSettings, stopWords } from '@jiedui/search-config';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedIndex, highlightText, outermostTerms } from './embedded-index.js';
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
});
