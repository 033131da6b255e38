import MiniSearch, { type Query } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { createRestrictedSearch, type RestrictedQuery } from './restricted-search.js';

// The restricted search must answer what MiniSearch answers for the same documents: same ids,
// scores, matched terms (in the same order, which reaches highlights), fields per term.

const vocabulary = [
  'sensor',
  'sensors',
  'sensing',
  'senor',
  'motor',
  'motors',
  'rotor',
  'control',
  'controller',
  'contrl',
  'battery',
  'batteries',
  'lithium',
  'ion',
  '遥感',
  '数控',
  '机床',
  '电机',
  '控制',
  '矢量',
];
const fields = ['title', 'keywords', 'body'];
const boost = { title: 2, keywords: 1.5, body: 1 };

function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function corpus(seed: number, count: number) {
  const next = random(seed);
  const words = (n: number) =>
    Array.from({ length: n }, () => vocabulary[Math.floor(next() * vocabulary.length)]).join(' ');
  return Array.from({ length: count }, (_, i) => ({
    id: `d${i}`,
    title: words(1 + Math.floor(next() * 3)),
    keywords: words(Math.floor(next() * 4)),
    body: words(3 + Math.floor(next() * 20)),
  }));
}

const typos = (term: string) =>
  /^[a-z]+$/.test(term) && term.length >= 5 ? (term.length >= 8 ? 2 : 1) : false;

function both(mini: MiniSearch, query: RestrictedQuery, among: ReadonlySet<string> | 'all') {
  const restricted = createRestrictedSearch(mini as MiniSearch<Record<string, string>>);
  if (!restricted) throw new Error('MiniSearch internals not found');
  const asQuery: Query = {
    combineWith: 'OR',
    queries: query.alternatives.map((alt) =>
      alt.length === 1 ? (alt[0] ?? '') : { combineWith: 'AND', queries: [...alt] },
    ),
  };
  const expected = mini.search(asQuery, {
    boost: query.boost,
    fuzzy: (term) => query.fuzzy(term),
    prefix: (term) => query.prefix(term),
    ...(among === 'all' ? {} : { boostDocument: (id) => Number(among.has(String(id))) }),
    tokenize: (text) => [text],
    processTerm: (term) => term,
  });
  const actual = restricted.search(query, among === 'all' ? 'all' : restricted.shortIds(among));
  const shape = (results: typeof expected) =>
    new Map(
      results.map((r) => [
        r.id,
        {
          score: r.score.toPrecision(12),
          terms: r.terms,
          queryTerms: r.queryTerms,
          match: r.match,
        },
      ]),
    );
  return { expected: shape(expected), actual: shape(actual), restricted };
}

function newIndex(docs: ReturnType<typeof corpus>) {
  const mini = new MiniSearch({ fields, tokenize: (text) => text.split(' ').filter(Boolean) });
  mini.addAll(docs);
  return mini;
}

describe('restricted search', () => {
  const queries: RestrictedQuery[] = [
    { alternatives: [['sensor']], boost, fuzzy: typos, prefix: () => false },
    { alternatives: [['sensor']], boost, fuzzy: typos, prefix: () => true },
    { alternatives: [['controller']], boost, fuzzy: typos, prefix: () => false },
    { alternatives: [['矢量'], ['遥感']], boost, fuzzy: typos, prefix: () => false },
    {
      alternatives: [['lithium'], ['lithium', 'ion'], ['battery']],
      boost,
      fuzzy: typos,
      prefix: (t) => t === 'battery',
    },
    { alternatives: [['数控', '机床']], boost, fuzzy: typos, prefix: () => false },
    { alternatives: [['nothing']], boost, fuzzy: typos, prefix: () => false },
    { alternatives: [['']], boost, fuzzy: typos, prefix: () => true },
  ];

  it('scores a few allowed documents and most of them as MiniSearch does', () => {
    const docs = corpus(7, 600);
    const mini = newIndex(docs);
    const pick = random(11);
    for (const share of [0.01, 0.1, 0.5, 1]) {
      const among = new Set(docs.filter(() => pick() < share).map((d) => d.id));
      for (const query of queries) {
        const { expected, actual } = both(mini, query, among);
        expect(actual).toEqual(expected);
        if (query.alternatives[0]?.[0] === 'sensor' && share >= 0.1) {
          expect(expected.size).toBeGreaterThan(0);
        }
      }
    }
    for (const query of queries) {
      const { expected, actual } = both(mini, query, 'all');
      expect(actual).toEqual(expected);
    }
  });

  it('agrees after documents were discarded and vacuumed', async () => {
    const docs = corpus(3, 400);
    const mini = newIndex(docs);
    for (const doc of docs.slice(0, 150)) mini.discard(doc.id);
    await mini.vacuum();
    const among = new Set(docs.slice(100, 300).map((d) => d.id));
    for (const query of queries) {
      for (const allowed of [among, 'all' as const]) {
        const { expected, actual } = both(mini, query, allowed);
        expect(actual).toEqual(expected);
      }
    }
  });

  it('finds a word added after a typo lookup once told to forget', () => {
    const docs = corpus(5, 50).map((d) => ({ ...d, body: `${d.body} xylophone` }));
    const mini = newIndex(docs);
    const query: RestrictedQuery = {
      alternatives: [['xylophon']],
      boost,
      fuzzy: () => 1,
      prefix: () => false,
    };
    const restricted = createRestrictedSearch(mini as MiniSearch<Record<string, string>>);
    if (!restricted) throw new Error('MiniSearch internals not found');
    const among = new Set(['d0', 'late']);
    expect(restricted.search(query, restricted.shortIds(among)).map((r) => r.id)).toEqual(['d0']);
    mini.add({ id: 'late', title: 'xylophons', keywords: '', body: '' });
    restricted.forget();
    const after = both(mini, query, among);
    expect([...after.expected.keys()].sort()).toEqual(['d0', 'late']);
    const kept = restricted.search(query, restricted.shortIds(among));
    expect(kept.map((r) => r.id).sort()).toEqual(['d0', 'late']);
    expect(kept.find((r) => r.id === 'late')?.score.toPrecision(12)).toBe(
      after.expected.get('late')?.score,
    );
  });
});
