import type { ExpertSearchDoc, ProblemSearchDoc } from '@jiedui/search-config';
import { Meilisearch } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/errors.js';
import { createEmbeddedEngine } from '../../src/search/embedded.js';
import type { SearchEngine, SearchFilter, SearchQuery } from '../../src/search/engine.js';
import { createMeilisearchEngine } from '../../src/search/meilisearch.js';
import { experts, problems, topicVectorSource, topics } from './fixtures.js';

// One suite for every SearchEngine adapter. Expected results are computed from the fixtures in
// plain TypeScript where possible, so the suite checks the engines, not itself.

const meiliUrl = process.env.MEILI_URL;
const meiliKey = process.env.MEILI_MASTER_KEY;
const meiliPrefix = `contract_${Date.now()}_`;

if (!meiliUrl) console.info('search contract: Meilisearch run skipped: MEILI_URL not set');

const engines: { name: string; skip: boolean; create: () => SearchEngine }[] = [
  { name: 'embedded', skip: false, create: () => createEmbeddedEngine() },
  {
    name: meiliUrl ? 'meilisearch' : 'meilisearch (skipped: MEILI_URL not set)',
    skip: !meiliUrl,
    create: () =>
      createMeilisearchEngine(meiliUrl ?? '', meiliKey, {
        indexPrefix: meiliPrefix,
        timeoutMs: 10_000,
      }),
  },
];

const ids = (hits: { id: string }[]) => hits.map((h) => h.id);

function fixture<T extends { id: string }>(list: readonly T[], id: string): T {
  const found = list.find((doc) => doc.id === id);
  if (!found) throw new Error(`no fixture ${id}`);
  return found;
}
const sorted = (list: string[]) => [...list].sort();

async function seed(engine: SearchEngine): Promise<void> {
  await engine.applySettings('experts');
  await engine.applySettings('problems');
  await engine.rebuild('experts', [experts]);
  await engine.rebuild('problems', [problems.slice(0, 10), problems.slice(10)]);
}

function problemQuery(query: Omit<SearchQuery<'problems'>, 'index'>): SearchQuery<'problems'> {
  return { index: 'problems', limit: 100, ...query };
}

describe.each(engines)('search engine contract: $name', ({ skip, create }) => {
  let engine: SearchEngine;

  beforeAll(async () => {
    if (skip) return;
    engine = create();
    await seed(engine);
  }, 120_000);

  afterAll(async () => {
    if (skip) return;
    await engine.close();
    if (meiliUrl) {
      const client = new Meilisearch({ host: meiliUrl, apiKey: meiliKey });
      for (const name of ['experts', 'problems'])
        await client.deleteIndexIfExists(meiliPrefix + name);
    }
  });

  describe.skipIf(skip)('against a seeded index', () => {
    it('reports itself up and counts the indexed documents', async () => {
      expect((await engine.health()).status).toBe('up');
      expect(await engine.count('experts')).toBe(experts.length);
      expect(await engine.count('problems')).toBe(problems.length);
    });

    it('finds Chinese words inside unsegmented Chinese text', async () => {
      const result = await engine.search(problemQuery({ q: '茶园' }));
      expect(ids(result.hits)).toEqual(['p-rs-1']);
    });

    it('keeps 互联网 whole, so 物联网 does not match it', async () => {
      const internet = await engine.search(problemQuery({ q: '互联网' }));
      const iot = await engine.search(problemQuery({ q: '物联网' }));
      expect(ids(internet.hits)).toEqual(['p-internet']);
      expect(ids(iot.hits)).toEqual(['p-iot-1']);
    });

    it('finds 遥感 and remote sensing through each other', async () => {
      const zh = await engine.search(problemQuery({ q: '遥感' }));
      const en = await engine.search(problemQuery({ q: 'remote sensing' }));
      // p-gis is labelled 遥感与地理信息.
      expect(sorted(ids(zh.hits))).toEqual(['p-gis', 'p-rs-1', 'p-rs-2']);
      expect(sorted(ids(en.hits))).toEqual(['p-gis', 'p-rs-1', 'p-rs-2']);
    });

    it('finds 数控 and CNC through each other', async () => {
      const zh = await engine.search(problemQuery({ q: '数控' }));
      const en = await engine.search(problemQuery({ q: 'cnc' }));
      expect(sorted(ids(zh.hits))).toEqual(['p-cnc-1', 'p-cnc-2']);
      expect(sorted(ids(en.hits))).toEqual(['p-cnc-1', 'p-cnc-2']);
    });

    it('tolerates a typo in a long Latin word', async () => {
      const result = await engine.search(problemQuery({ q: 'weldng' }));
      expect(sorted(ids(result.hits))).toEqual(['p-fem', 'p-welding']);
    });

    it('tolerates no typo in short words or in Chinese', async () => {
      expect((await engine.search(problemQuery({ q: 'plx ' }))).hits).toEqual([]);
      expect((await engine.search(problemQuery({ q: '遥测' }))).hits).toEqual([]);
    });

    it('ignores stop words, even when every word must match', async () => {
      const result = await engine.search(
        problemQuery({ q: '遥感的茶园', matchingStrategy: 'all' }),
      );
      expect(ids(result.hits)).toEqual(['p-rs-1']);
    });

    it('drops words from the end or the most frequent first, as the strategy says', async () => {
      const q = 'welding fatigue';
      const all = await engine.search(problemQuery({ q, matchingStrategy: 'all' }));
      const last = await engine.search(problemQuery({ q, matchingStrategy: 'last' }));
      const frequency = await engine.search(problemQuery({ q, matchingStrategy: 'frequency' }));
      expect(ids(all.hits)).toEqual(['p-fem']);
      expect(ids(last.hits)).toEqual(['p-fem', 'p-welding']);
      expect(ids(frequency.hits)).toEqual(['p-fem']);
    });

    it.each<[string, SearchFilter, (p: ProblemSearchDoc) => boolean]>([
      ['eq', { field: 'status', op: 'eq', value: 'open' }, (p) => p.status === 'open'],
      [
        'eq on an array',
        { field: 'fields', op: 'eq', value: 'mat.textile' },
        (p) => p.fields.includes('mat.textile'),
      ],
      [
        'in',
        { field: 'town', op: 'in', value: ['新市', '安吉'] },
        (p) => ['新市', '安吉'].includes(p.town),
      ],
      [
        'gte',
        { field: 'budgetMax', op: 'gte', value: 300_000 },
        (p) => (p.budgetMax ?? -1) >= 300_000,
      ],
      [
        'lte',
        { field: 'budgetMax', op: 'lte', value: 200_000 },
        (p) => p.budgetMax !== undefined && p.budgetMax <= 200_000,
      ],
      ['exists', { field: 'deadline', op: 'exists' }, (p) => p.deadline !== undefined],
      ['not', { not: { field: 'status', op: 'eq', value: 'open' } }, (p) => p.status !== 'open'],
      [
        'and / or',
        {
          and: [
            { field: 'industry', op: 'eq', value: 'agriculture' },
            {
              or: [
                { field: 'fields', op: 'eq', value: 'geo.rs' },
                { field: 'fields', op: 'eq', value: 'agri.tea' },
              ],
            },
          ],
        },
        (p) =>
          p.industry === 'agriculture' &&
          (p.fields.includes('geo.rs') || p.fields.includes('agri.tea')),
      ],
    ])('filters with %s', async (_name, filter, expected) => {
      const result = await engine.search(problemQuery({ filter }));
      const want = problems.filter(expected).map((p) => p.id);
      expect(want.length).toBeGreaterThan(0);
      expect(sorted(ids(result.hits))).toEqual(sorted(want));
      expect(result.estimatedTotalHits).toBe(want.length);
    });

    it('counts facet values over every matching document, not only the page', async () => {
      const result = await engine.search(
        problemQuery({
          facets: ['town', 'status'],
          limit: 2,
          filter: { field: 'industry', op: 'in', value: ['agriculture', 'textile'] },
        }),
      );
      const matching = problems.filter((p) => ['agriculture', 'textile'].includes(p.industry));
      const count = (key: 'town' | 'status') =>
        matching.reduce<Record<string, number>>(
          (acc, p) => ({ ...acc, [p[key]]: (acc[p[key]] ?? 0) + 1 }),
          {},
        );
      expect(result.hits).toHaveLength(2);
      expect(result.facetDistribution).toEqual({ town: count('town'), status: count('status') });
    });

    it('counts boolean facets of the documents that match the text', async () => {
      const result = await engine.search({ index: 'experts', q: '遥感', facets: ['available'] });
      expect(result.facetDistribution).toEqual({ available: { true: 2, false: 1 } });
    });

    it('sorts by a sortable attribute, missing values last', async () => {
      const byDate = await engine.search(
        problemQuery({
          filter: { field: 'status', op: 'eq', value: 'open' },
          sort: [{ field: 'publishedAt', direction: 'desc' }],
        }),
      );
      const want = problems
        .filter((p) => p.status === 'open')
        .sort((a, b) => b.publishedAt - a.publishedAt)
        .map((p) => p.id);
      expect(ids(byDate.hits)).toEqual(want);
      const byBudget = await engine.search(
        problemQuery({ sort: [{ field: 'budgetMax', direction: 'asc' }] }),
      );
      const budgets = byBudget.hits.map((h) => h.document.budgetMax);
      const present = budgets.filter((b) => b !== undefined);
      expect(present).toEqual([...present].sort((a, b) => a - b));
      expect(budgets.slice(present.length).every((b) => b === undefined)).toBe(true);
    });

    it('highlights the matched words with the given tags', async () => {
      const zh = await engine.search(
        problemQuery({
          q: '遥感',
          highlight: { attributes: ['title'], preTag: '[', postTag: ']' },
        }),
      );
      const rs1 = zh.hits.find((h) => h.id === 'p-rs-1');
      expect(rs1?.highlights.title).toBe('利用[遥感]监测茶园种植面积');
      const en = await engine.search(
        problemQuery({ q: 'tool wear', highlight: { attributes: ['title', 'keywords'] } }),
      );
      const cnc = en.hits.find((h) => h.id === 'p-cnc-2');
      expect(cnc?.highlights.title).toBe('CNC <em>tool</em> <em>wear</em> causes surface defects');
      expect(cnc?.highlights.keywords).toEqual(['CNC', '<em>tool</em> <em>wear</em>']);
    });

    it('names the matched terms of each hit and scores it between 0 and 1', async () => {
      const result = await engine.search(problemQuery({ q: 'cnc' }));
      const zh = result.hits.find((h) => h.id === 'p-cnc-1');
      expect(zh?.matchedTerms.some((t) => t.includes('数控'))).toBe(true);
      for (const hit of result.hits) {
        expect(hit.score).toBeGreaterThan(0);
        expect(hit.score).toBeLessThanOrEqual(1);
      }
      const placeholder = await engine.search(problemQuery({ limit: 1 }));
      expect(placeholder.hits[0]?.score).toBe(1);
    });

    it.each([
      ['problems', 'cnc', 'p-cnc-2'],
      ['problems', '遥感', 'p-rs-1'],
      ['problems', '机器视觉', 'p-vision-1'],
      ['problems', 'li-ion battery', 'p-battery-2'],
      ['experts', '机器视觉', 'e-vision'],
      ['experts', 'remote sensing', 'e-rs-2'],
      ['experts', '数控机床', 'e-cnc-1'],
    ] as const)('ranks first in %s for "%s": %s', async (index, q, first) => {
      const result = await engine.search({ index, q });
      expect(result.hits[0]?.id).toBe(first);
    });

    it('runs several queries at once and merges them when federated', async () => {
      const [a, b] = await engine.multiSearch([
        { index: 'experts', q: '茶叶' },
        { index: 'problems', q: '茶叶' },
      ]);
      expect(ids(a?.hits ?? [])).toEqual(['e-tea']);
      expect(sorted(ids(b?.hits ?? []))).toEqual(['p-internet', 'p-tea']);
      const merged = await engine.federatedSearch(
        [
          { index: 'experts', q: '光伏' },
          { index: 'problems', q: '光伏', weight: 0.5 },
        ],
        { limit: 10 },
      );
      expect(merged.hits.map((h) => `${h.index}/${h.id}`)).toEqual([
        'experts/e-pv',
        'problems/p-pv',
      ]);
      expect(merged.hits[1]?.queryIndex).toBe(1);
      expect(merged.hits[0]?.weightedScore).toBeGreaterThan(merged.hits[1]?.weightedScore ?? 1);
    });

    it('rejects filters, facets and sorts on attributes the settings do not allow', async () => {
      await expect(
        engine.search(problemQuery({ filter: { field: 'description', op: 'exists' } })),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(
        engine.search({ index: 'experts', q: '', sort: [{ field: 'name', direction: 'asc' }] }),
      ).rejects.toBeInstanceOf(ApiError);
    });

    it('refuses to index the description of a confidential problem', async () => {
      const leaking = {
        ...fixture(problems, 'p-dye'),
        description: '机密工艺参数',
      };
      await expect(engine.upsert('problems', [leaking])).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    });

    it('replaces documents by id and removes them', async () => {
      const renamed: ExpertSearchDoc = {
        ...fixture(experts, 'e-rs-1'),
        keywords: ['区块链'],
        rev: 2,
      };
      await engine.upsert('experts', [renamed]);
      expect(ids((await engine.search({ index: 'experts', q: '区块链' })).hits)).toEqual([
        renamed.id,
      ]);
      expect(await engine.count('experts')).toBe(experts.length);
      await engine.remove('experts', [renamed.id, 'no-such-id']);
      expect((await engine.search({ index: 'experts', q: '区块链' })).hits).toEqual([]);
      expect(await engine.count('experts')).toBe(experts.length - 1);
    });

    it('swaps a rebuilt index in at once: searches during the rebuild see the old one', async () => {
      await engine.rebuild('problems', [problems]);
      const seenDuring: number[] = [];
      const progress: number[] = [];
      const replacement = problems.slice(0, 3).map((p) => ({ ...p, rev: p.rev + 1 }));
      async function* batches() {
        for (const doc of replacement) {
          yield [doc];
          seenDuring.push((await engine.search(problemQuery({}))).estimatedTotalHits);
        }
      }
      await engine.rebuild('problems', batches(), (p) => progress.push(p.indexed));
      expect(seenDuring).toEqual([problems.length, problems.length, problems.length]);
      expect(progress).toEqual([1, 2, 3]);
      expect(await engine.count('problems')).toBe(3);
    });

    it('keeps the old index when a rebuild fails', async () => {
      function* failing() {
        yield [fixture(problems, 'p-plc')];
        throw new Error('the store went away');
      }
      await expect(engine.rebuild('problems', failing())).rejects.toThrow('the store went away');
      expect(await engine.count('problems')).toBe(3);
    });
  });
});

// The vector half: documents carry vectors, queries carry one, the engine ranks by meaning. Only
// Meilisearch stores vectors; the embedded engine leaves them to semantic matching's own index.
const vectorPrefix = `contract_vec_${Date.now()}_`;

describe('search engine contract, vectors: embedded', () => {
  it('claims no hybrid search, so callers send it no vector', async () => {
    const engine = createEmbeddedEngine();
    expect(engine.hybrid?.('experts') ?? false).toBe(false);
    expect(engine.hybrid?.('problems') ?? false).toBe(false);
    await engine.close();
  });
});

/** The embeddings Meilisearch returns for a document (`retrieveVectors`). */
function embeddingsOf(doc: Record<string, unknown> | undefined): number[][] {
  const vectors = doc?._vectors as Record<string, { embeddings?: number[][] } | null> | undefined;
  return vectors?.semantic?.embeddings ?? [];
}

describe.skipIf(!meiliUrl)(
  `search engine contract, vectors: ${meiliUrl ? 'meilisearch' : 'meilisearch (skipped: MEILI_URL not set)'}`,
  () => {
    let engine: SearchEngine;
    let client: Meilisearch;
    const stored = async (index: 'experts' | 'problems') => {
      const { results } = await client
        .index(vectorPrefix + index)
        .getDocuments({ limit: 100, retrieveVectors: true });
      return new Map(results.map((doc) => [String(doc.id), doc]));
    };
    const vectorQuery = <I extends 'experts' | 'problems'>(
      index: I,
      vector: readonly number[],
      rest: Omit<SearchQuery<I>, 'index' | 'vector'> = {},
    ): SearchQuery<I> => ({ index, vector: [...vector], semanticRatio: 1, limit: 20, ...rest });

    beforeAll(async () => {
      client = new Meilisearch({ host: meiliUrl ?? '', apiKey: meiliKey });
      engine = createMeilisearchEngine(meiliUrl ?? '', meiliKey, {
        indexPrefix: vectorPrefix,
        timeoutMs: 10_000,
        vectors: topicVectorSource(),
      });
      await engine.applySettings('experts');
      await engine.applySettings('problems');
      await engine.rebuild('experts', [experts]);
      await engine.rebuild('problems', [problems]);
    }, 120_000);

    afterAll(async () => {
      await engine.close();
      for (const name of ['experts', 'problems'])
        await client.deleteIndexIfExists(vectorPrefix + name);
    });

    it('applies a userProvided embedder sized by the model', async () => {
      expect(engine.hybrid?.('experts')).toBe(true);
      expect(engine.hybrid?.('problems')).toBe(true);
      for (const index of ['experts', 'problems']) {
        expect(await client.index(vectorPrefix + index).getEmbedders()).toMatchObject({
          semantic: { source: 'userProvided', dimensions: 4 },
        });
      }
    });

    it('stores every vector of a document, and none for a document without', async () => {
      const docs = await stored('experts');
      expect(embeddingsOf(docs.get('e-cnc-1'))).toHaveLength(2);
      expect(embeddingsOf(docs.get('e-battery'))).toEqual([[0, 0, 1, 0]]);
      expect(embeddingsOf(docs.get('e-rs-1'))).toEqual([]);
      expect(docs.size).toBe(experts.length);
    });

    it('ranks by meaning alone at semanticRatio 1', async () => {
      const result = await engine.search(vectorQuery('problems', topics.remoteSensing));
      expect(ids(result.hits).slice(0, 3)).toEqual(['p-rs-1', 'p-rs-2', 'p-gis']);
      const scores = result.hits.slice(0, 3).map((h) => h.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      for (const score of scores) {
        expect(score).toBeGreaterThan(0);
        expect(score).toBeLessThanOrEqual(1);
      }
    });

    it('scores a document by its best vector, a publication as well as the profile', async () => {
      const result = await engine.search(vectorQuery('experts', topics.batteries));
      expect(ids(result.hits).slice(0, 3)).toEqual(['e-battery', 'e-battery-en', 'e-cnc-1']);
    });

    it('filters a vector search like any other', async () => {
      const result = await engine.search(
        vectorQuery('problems', topics.remoteSensing, {
          filter: { field: 'industry', op: 'eq', value: 'agriculture' },
        }),
      );
      expect(result.hits[0]?.id).toBe('p-rs-1');
      expect(result.hits.every((h) => h.document.industry === 'agriculture')).toBe(true);
    });

    it('adds documents near in meaning to the keyword hits at a lower ratio', async () => {
      const result = await engine.search(
        vectorQuery('problems', topics.textiles, { q: 'remote sensing', semanticRatio: 0.5 }),
      );
      expect(ids(result.hits)).toEqual(expect.arrayContaining(['p-rs-2', 'p-dye']));
    });

    // As we understand Meilisearch's vector score, (1 + cosine) / 2, an orthogonal document still
    // scores about 0.5: the problems' weight stays well above that, so p-dye (1 × 0.9) is second.
    it('runs hybrid queries inside a federated search', async () => {
      const merged = await engine.federatedSearch(
        [
          { index: 'experts', vector: [...topics.textiles], semanticRatio: 1 },
          { index: 'problems', vector: [...topics.textiles], semanticRatio: 1, weight: 0.9 },
        ],
        { limit: 2 },
      );
      expect(merged.hits.map((h) => `${h.index}/${h.id}`)).toEqual([
        'experts/e-textile',
        'problems/p-dye',
      ]);
    });

    it('clears the vectors of a document pushed at a rev that has none yet', async () => {
      const renewed: ProblemSearchDoc = { ...fixture(problems, 'p-rs-1'), rev: 2 };
      await engine.upsert('problems', [renewed]);
      expect(embeddingsOf((await stored('problems')).get('p-rs-1'))).toEqual([]);
      const result = await engine.search(vectorQuery('problems', topics.remoteSensing));
      expect(ids(result.hits).slice(0, 2)).toEqual(['p-rs-2', 'p-gis']);
    });

    it('rejects a query vector of another size before asking the engine', async () => {
      await expect(
        engine.search(vectorQuery('problems', [1, 0, 0, 0, 0, 0, 0, 0])),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('reports an embedder removed behind its back as SEARCH_UNAVAILABLE until the settings are applied again', async () => {
      await client
        .index(vectorPrefix + 'experts')
        .updateEmbedders({ semantic: null })
        .waitTask({ timeout: 60_000 });
      await expect(engine.search(vectorQuery('experts', topics.batteries))).rejects.toMatchObject({
        code: 'SEARCH_UNAVAILABLE',
      });
      await engine.applySettings('experts');
      await engine.rebuild('experts', [experts]);
      const result = await engine.search(vectorQuery('experts', topics.batteries));
      expect(result.hits[0]?.id).toBe('e-battery');
    }, 120_000);
  },
);
