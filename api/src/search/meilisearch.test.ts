import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MeilisearchApiError } from 'meilisearch';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../lib/errors.js';
import {
  createMeilisearchEngine,
  embedderNeedsReset,
  meilisearchSettings,
  searchParams,
  toMeilisearchFilter,
  translateError,
  type MeiliQuery,
} from './meilisearch.js';
import { expert } from '../../test/search/fixtures.js';
import { parseSearchQuery } from './validate.js';
import type { VectorSource } from './vectors.js';

describe('meilisearch adapter', () => {
  it('translates typed filters to Meilisearch syntax, quoting strings', () => {
    expect(
      toMeilisearchFilter({
        and: [
          { field: 'status', op: 'in', value: ['open', 'in_progress'] },
          {
            or: [
              { field: 'budgetMax', op: 'gte', value: 1000 },
              { field: 'deadline', op: 'exists' },
            ],
          },
          { not: { field: 'town', op: 'eq', value: 'say "hi" \\ 新市' } },
          { field: 'available', op: 'eq', value: true },
        ],
      }),
    ).toBe(
      '(status IN ["open", "in_progress"]) AND ((budgetMax >= 1000) OR (deadline EXISTS)) AND ' +
        '(NOT (town = "say \\"hi\\" \\\\ 新市")) AND (available = true)',
    );
  });

  it('answers SEARCH_UNAVAILABLE when the server cannot be reached', async () => {
    const engine = createMeilisearchEngine('http://127.0.0.1:9', undefined, { timeoutMs: 500 });
    await expect(engine.search({ index: 'experts', q: '遥感' })).rejects.toSatisfy(
      (error) => error instanceof ApiError && error.code === 'SEARCH_UNAVAILABLE',
    );
    expect((await engine.health()).status).toBe('down');
  });
});

const isCode = (code: string) => (error: unknown) =>
  error instanceof ApiError && error.code === code;

const apiError = (status: number, code: string) =>
  new MeilisearchApiError(new Response(null, { status }), {
    message: `${code} happened`,
    code,
    type: 'invalid_request',
    link: `https://docs.meilisearch.com/errors#${code}`,
  });

describe('meilisearch settings and requests with vectors', () => {
  const model = { name: 'bge-small-zh-v1.5-q', dimensions: 512 };

  it('adds a userProvided embedder sized by the model to the index settings', () => {
    const settings = meilisearchSettings('experts', { dictionary: ['遥感卫星'], model });
    expect(settings.embedders).toEqual({ semantic: { source: 'userProvided', dimensions: 512 } });
    expect(settings.dictionary).toContain('遥感卫星');
    expect(settings.dictionary).toContain('机器视觉');
    expect(settings.searchableAttributes?.[0]).toBe('name');
  });

  it('leaves the embedders alone without a model', () => {
    expect(meilisearchSettings('problems')).not.toHaveProperty('embedders');
  });

  it('resets an embedder of another size or source before setting the wanted one', () => {
    const wanted = { name: 'semantic', dimensions: 512 };
    expect(embedderNeedsReset(null, wanted)).toBe(false);
    expect(embedderNeedsReset({}, wanted)).toBe(false);
    expect(
      embedderNeedsReset({ semantic: { source: 'userProvided', dimensions: 512 } }, wanted),
    ).toBe(false);
    expect(
      embedderNeedsReset({ semantic: { source: 'userProvided', dimensions: 384 } }, wanted),
    ).toBe(true);
    expect(embedderNeedsReset({ semantic: { source: 'openAi', dimensions: 512 } }, wanted)).toBe(
      true,
    );
  });

  it('sends vector and hybrid only with an embedder for the index', () => {
    const base = parseSearchQuery({ index: 'problems', q: '遥感' });
    const hybrid: MeiliQuery = {
      ...base,
      hybrid: { vector: [0.5, 0.5], semanticRatio: 0.7 },
      embedder: { name: 'semantic', dimensions: 2 },
    };
    expect(searchParams(hybrid)).toMatchObject({
      q: '遥感',
      vector: [0.5, 0.5],
      hybrid: { embedder: 'semantic', semanticRatio: 0.7 },
      showRankingScore: true,
    });
    const plain = searchParams(base);
    expect(plain).not.toHaveProperty('vector');
    expect(plain).not.toHaveProperty('hybrid');
  });

  it('translates embedder and vector errors to a clear SEARCH_UNAVAILABLE', () => {
    for (const code of [
      'invalid_vector_dimensions',
      'invalid_search_embedder',
      'invalid_settings_embedders',
    ]) {
      const error = translateError(apiError(400, code));
      expect(isCode('SEARCH_UNAVAILABLE')(error)).toBe(true);
      expect((error as ApiError).details).toEqual({ code, detail: `${code} happened` });
      expect((error as ApiError).message).toContain(code);
    }
    expect(isCode('SEARCH_UNAVAILABLE')(translateError(apiError(404, 'index_not_found')))).toBe(
      true,
    );
    expect(isCode('SEARCH_UNAVAILABLE')(translateError(apiError(503, 'internal')))).toBe(true);
    const filter = apiError(400, 'invalid_search_filter');
    expect(translateError(filter)).toBe(filter);
  });
});

// A stand-in for the Meilisearch HTTP API that records what the adapter sends: it checks the
// requests' shapes, not Meilisearch's behaviour (the contract suite does that with MEILI_URL).
interface Recorded {
  method: string;
  path: string;
  body: unknown;
}

function standIn() {
  const requests: Recorded[] = [];
  const tasks = new Map<number, { status: string; error?: { code: string; message: string } }>();
  const state = {
    embedders: {} as Record<string, unknown>,
    failDocuments: undefined as string | undefined,
    searchError: undefined as string | undefined,
    hits: [] as Record<string, unknown>[],
  };
  let next = 0;
  const read = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const method = req.method ?? 'GET';
      const body = await read(req);
      requests.push({ method, path, body });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const task = (error?: string) => {
        const uid = next++;
        tasks.set(uid, {
          status: error ? 'failed' : 'succeeded',
          ...(error ? { error: { code: error, message: `${error} happened` } } : {}),
        });
        json(202, { taskUid: uid, status: 'enqueued', type: 'x', enqueuedAt: '2026-01-01' });
      };
      const taskMatch = /^\/tasks\/(\d+)$/u.exec(path);
      if (taskMatch) {
        const found = tasks.get(Number(taskMatch[1]));
        json(200, { uid: Number(taskMatch[1]), error: null, ...found });
      } else if (path.endsWith('/settings/embedders') && method === 'GET') {
        json(200, state.embedders);
      } else if (path.endsWith('/search')) {
        if (state.searchError) {
          json(400, { message: 'bad', code: state.searchError, type: 'invalid_request', link: '' });
        } else {
          json(200, {
            hits: state.hits,
            query: '',
            processingTimeMs: 0,
            limit: 20,
            offset: 0,
            estimatedTotalHits: state.hits.length,
          });
        }
      } else if (path === '/multi-search') {
        json(200, { hits: [], processingTimeMs: 0, limit: 20, offset: 0, estimatedTotalHits: 0 });
      } else if (path.endsWith('/documents')) {
        task(state.failDocuments);
      } else {
        task();
      }
    })();
  });
  return { server, requests, state };
}

describe('meilisearch adapter requests with vectors (recorded, no server)', () => {
  const stand = standIn();
  let url = '';
  const vectors: VectorSource = {
    model: () => Promise.resolve({ name: 'fixture', dimensions: 3 }),
    vectorsOf: (_index, docs) =>
      Promise.resolve(
        new Map(
          docs.flatMap((doc) =>
            doc.id === 'e-1' && doc.rev === 2 ? [[doc.id, [new Float32Array([1, 0, 0])]]] : [],
          ),
        ),
      ),
  };
  const doc = (id: string, rev: number) => expert(id, { name: id, keywords: [], rev });
  const sent = (path: string, method = 'POST') =>
    stand.requests.filter((r) => r.path === path && r.method === method).map((r) => r.body);

  beforeAll(async () => {
    await new Promise<void>((resolve) => stand.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(stand.server.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        stand.server.close(() => {
          resolve();
        });
      }),
  );
  afterEach(() => {
    stand.requests.length = 0;
    stand.state.embedders = {};
    stand.state.failDocuments = undefined;
    stand.state.searchError = undefined;
    stand.state.hits = [];
  });

  it('configures the embedder, sends vectors of the current rev and null otherwise, and searches hybrid', async () => {
    const engine = createMeilisearchEngine(url, undefined, { vectors, indexPrefix: 't_' });
    expect(engine.hybrid?.('experts')).toBe(false);
    await engine.applySettings('experts');
    expect(engine.hybrid?.('experts')).toBe(true);
    const [settings] = sent('/indexes/t_experts/settings', 'PATCH');
    expect(settings).toMatchObject({
      embedders: { semantic: { source: 'userProvided', dimensions: 3 } },
    });
    // The embedder already had the right size: it is not reset.
    expect(sent('/indexes/t_experts/settings/embedders', 'PATCH')).toEqual([]);

    await engine.upsert('experts', [doc('e-1', 2), doc('e-2', 1)]);
    const [docs] = sent('/indexes/t_experts/documents') as Record<string, unknown>[][];
    expect(docs?.map((d) => [d.id, d._vectors])).toEqual([
      ['e-1', { semantic: [[1, 0, 0]] }],
      ['e-2', { semantic: null }],
    ]);

    stand.state.hits = [{ ...doc('e-1', 2), _rankingScore: 0.83 }];
    const result = await engine.search({ index: 'experts', vector: [0, 1, 0], semanticRatio: 1 });
    const [search] = sent('/indexes/t_experts/search');
    expect(search).toMatchObject({
      q: '',
      vector: [0, 1, 0],
      hybrid: { embedder: 'semantic', semanticRatio: 1 },
    });
    // Ranked by meaning alone, the hit's score is Meilisearch's, not the placeholder 1.
    expect(result.hits[0]?.score).toBe(0.83);
    expect(result.hits[0]?.document).not.toHaveProperty('_vectors');

    await engine.federatedSearch([
      { index: 'experts', q: '遥感', vector: [1, 0, 0] },
      { index: 'problems', q: '遥感' },
    ]);
    const [federated] = sent('/multi-search') as { queries: Record<string, unknown>[] }[];
    expect(federated?.queries[0]).toMatchObject({
      hybrid: { embedder: 'semantic', semanticRatio: 0.5 },
    });
    // The problems index was never configured with an embedder here: its query stays keyword-only.
    expect(federated?.queries[1]).not.toHaveProperty('hybrid');

    await expect(engine.search({ index: 'experts', q: 'x', vector: [1, 0] })).rejects.toSatisfy(
      isCode('VALIDATION_FAILED'),
    );
  });

  it('replaces an embedder of another size before applying the settings', async () => {
    stand.state.embedders = { semantic: { source: 'userProvided', dimensions: 384 } };
    const engine = createMeilisearchEngine(url, undefined, { vectors, indexPrefix: 't_' });
    await engine.applySettings('problems');
    const order = stand.requests.filter((r) => r.method === 'PATCH').map((r) => [r.path, r.body]);
    expect(order).toEqual([
      ['/indexes/t_problems/settings/embedders', { semantic: null }],
      [
        '/indexes/t_problems/settings',
        expect.objectContaining({
          embedders: { semantic: { source: 'userProvided', dimensions: 3 } },
        }),
      ],
    ]);
  });

  it('sends no vectors and ignores a query vector without a vector source', async () => {
    const engine = createMeilisearchEngine(url, undefined, { indexPrefix: 't_' });
    await engine.applySettings('experts');
    expect(sent('/indexes/t_experts/settings', 'PATCH')[0]).not.toHaveProperty('embedders');
    await engine.upsert('experts', [doc('e-1', 2)]);
    const [docs] = sent('/indexes/t_experts/documents') as Record<string, unknown>[][];
    expect(docs?.[0]).not.toHaveProperty('_vectors');
    await engine.search({ index: 'experts', q: '遥感', vector: [1, 0, 0] });
    const [search] = sent('/indexes/t_experts/search');
    expect(search).not.toHaveProperty('vector');
    expect(search).not.toHaveProperty('hybrid');
    expect(engine.hybrid?.('experts')).toBe(false);
  });

  it('reports an embedder the engine refuses as SEARCH_UNAVAILABLE, in searches and in tasks', async () => {
    const engine = createMeilisearchEngine(url, undefined, { vectors, indexPrefix: 't_' });
    await engine.applySettings('experts');
    stand.state.searchError = 'invalid_vector_dimensions';
    await expect(engine.search({ index: 'experts', vector: [1, 0, 0] })).rejects.toSatisfy(
      (error) =>
        isCode('SEARCH_UNAVAILABLE')(error) &&
        (error as ApiError).message.includes('invalid_vector_dimensions'),
    );
    stand.state.failDocuments = 'invalid_vectors_type';
    await expect(engine.upsert('experts', [doc('e-1', 2)])).rejects.toSatisfy(
      (error) =>
        isCode('SEARCH_UNAVAILABLE')(error) &&
        (error as ApiError).message.includes('invalid_vectors_type'),
    );
    stand.state.failDocuments = 'invalid_document_id';
    await expect(engine.upsert('experts', [doc('e-1', 2)])).rejects.toThrow(/task \d+ failed/u);
  });
});
