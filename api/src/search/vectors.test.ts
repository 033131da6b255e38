import { afterAll, describe, expect, it } from 'vitest';
import { expert as expertDoc } from '../../test/search/fixtures.js';
import { model, modelDir, must, skipReason } from '../../test/semantic/model.js';
import { ApiError } from '../lib/errors.js';
import { createEmbedder, type Embedder } from '../semantic/embedder.js';
import type { SemanticStatus } from '../semantic/service.js';
import type { SearchQuery } from './engine.js';
import {
  hybridParams,
  semanticVectorSource,
  splitHybrid,
  withVectors,
  type SemanticVectors,
} from './vectors.js';

const expert = (id: string, rev = 1) => expertDoc(id, { name: id, keywords: [], rev });

const isCode = (code: string) => (error: unknown) =>
  error instanceof ApiError && error.code === code;

/** The error the work throws (undefined when it throws none). */
function caught(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('documents with vectors', () => {
  const embedder = { name: 'semantic', dimensions: 3 };

  it('puts every vector of a document under the embedder, rounded to six decimals', () => {
    const vectors = new Map([
      ['a', [new Float32Array([0.1, 0.2, 0.3]), [1 / 3, -2 / 3, 0.123456789]]],
    ]);
    const [a] = withVectors<'experts'>([expert('a')], embedder, vectors);
    expect(a?._vectors).toEqual({
      semantic: [
        [0.1, 0.2, 0.3],
        [0.333333, -0.666667, 0.123457],
      ],
    });
    expect(a?.name).toBe('a');
  });

  it('says null for a document without vectors, so older ones are cleared', () => {
    const docs = withVectors<'experts'>([expert('a'), expert('b')], embedder, new Map([['b', []]]));
    expect(docs.map((d) => d._vectors)).toEqual([{ semantic: null }, { semantic: null }]);
  });

  it('refuses a vector of another size than the embedder, naming the document', () => {
    const error = caught(() =>
      withVectors<'experts'>([expert('a')], embedder, new Map([['a', [[1, 0]]]])),
    );
    expect(isCode('SEARCH_UNAVAILABLE')(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /a vector of a has 2 dimensions, the embedder "semantic" 3/u,
    );
  });
});

describe('hybrid queries', () => {
  it('takes the vector off the query and defaults the semantic ratio', () => {
    const { rest, hybrid } = splitHybrid({ index: 'experts' as const, q: '遥感', vector: [1, 0] });
    expect(rest).toEqual({ index: 'experts', q: '遥感' });
    expect(hybrid).toEqual({ vector: [1, 0], semanticRatio: 0.5 });
    expect(splitHybrid<SearchQuery>({ index: 'experts', q: 'x' })).toEqual({
      rest: { index: 'experts', q: 'x' },
    });
  });

  it.each<[string, { vector?: number[]; semanticRatio?: number }]>([
    ['a ratio without a vector', { semanticRatio: 0.3 }],
    ['a ratio above 1', { vector: [1], semanticRatio: 1.5 }],
    ['a non-finite component', { vector: [1, Number.NaN] }],
    ['an empty vector', { vector: [] }],
  ])('rejects %s', (_name, fields) => {
    const error = caught(() => splitHybrid({ index: 'problems' as const, ...fields }));
    expect(isCode('VALIDATION_FAILED')(error)).toBe(true);
  });

  it('builds Meilisearch hybrid parameters and refuses a vector of the wrong size', () => {
    expect(
      hybridParams({ vector: [0, 1], semanticRatio: 0.8 }, { name: 'semantic', dimensions: 2 }),
    ).toEqual({ vector: [0, 1], hybrid: { embedder: 'semantic', semanticRatio: 0.8 } });
    expect(() =>
      hybridParams({ vector: [0, 1], semanticRatio: 1 }, { name: 'semantic', dimensions: 512 }),
    ).toThrow(/2 dimensions, the index's embedder 512/u);
  });
});

describe('vectors from the semantic service', () => {
  const status = (name: string): SemanticStatus => ({
    enabled: true,
    model: name,
    experts: 0,
    problems: 0,
    pending: 0,
  });

  function fake(overrides: Partial<SemanticVectors> = {}): SemanticVectors {
    const stored = new Map([
      ['e-1', { rev: 3, items: [{ ref: 'profile', vector: new Float32Array([1, 0]) }] }],
      ['e-2', { rev: 1, items: [{ ref: 'profile', vector: new Float32Array([0, 1]) }] }],
    ]);
    return {
      enabled: true,
      status: () => status('test-model'),
      embedText: () => Promise.resolve([new Float32Array(2)]),
      expertVectors: (id) => stored.get(id),
      ...overrides,
    };
  }

  it('gives only vectors computed from the document’s current rev', async () => {
    const source = semanticVectorSource(fake());
    const found = await source.vectorsOf('experts', [
      { id: 'e-1', rev: 3 },
      { id: 'e-2', rev: 2 },
      { id: 'e-3', rev: 1 },
    ]);
    expect([...found.keys()]).toEqual(['e-1']);
    expect(found.get('e-1')?.[0]).toEqual(new Float32Array([1, 0]));
  });

  it('gives problems no vectors until the service exposes them, then by rev', async () => {
    expect(
      (await semanticVectorSource(fake()).vectorsOf('problems', [{ id: 'p', rev: 1 }])).size,
    ).toBe(0);
    const withProblems = semanticVectorSource(
      fake({
        problemVectors: (id) =>
          id === 'p'
            ? { rev: 2, items: [{ ref: 'chunk:0', vector: new Float32Array([1, 1]) }] }
            : undefined,
      }),
    );
    const found = await withProblems.vectorsOf('problems', [
      { id: 'p', rev: 2 },
      { id: 'q', rev: 1 },
    ]);
    expect([...found.keys()]).toEqual(['p']);
  });

  it('reports no model while semantic matching is off', async () => {
    expect(await semanticVectorSource(fake({ enabled: false })).model()).toBeUndefined();
    const failing = semanticVectorSource(
      fake({ embedText: () => Promise.reject(new Error('no model')) }),
    );
    expect(await failing.model()).toBeUndefined();
  });

  describe.skipIf(!model)(`with the real model (${skipReason ?? modelDir})`, () => {
    let embedder: Embedder | undefined;
    afterAll(() => embedder?.close());

    it('measures the dimensions from the model: 512 for bge-small-zh-v1.5', async () => {
      const installed = must(model);
      embedder = createEmbedder(installed, { threads: 1 });
      const running = embedder;
      const source = semanticVectorSource(
        fake({
          status: () => status(installed.spec.name),
          embedText: async (text) => (await running.embedChunked([text], 'passage'))[0] ?? [],
        }),
      );
      const measured = await source.model();
      expect(measured).toEqual({ name: installed.spec.name, dimensions: await running.ready() });
      if (installed.spec.name === 'bge-small-zh-v1.5-q') expect(measured?.dimensions).toBe(512);
    }, 60_000);
  });
});
