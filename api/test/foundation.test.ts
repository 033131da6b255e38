import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeilisearchEngine } from '../src/search/meilisearch.js';
import {
  actorHeaders,
  createTestContext,
  jsonRequest,
  testCreditCode,
  type TestContext,
} from './helpers.js';
import { officer } from './domain/world.js';

const asOfficer = actorHeaders(officer);

const company = (n: number) => ({
  kind: 'company',
  name: `富阳精密机械有限公司${n}`,
  creditCode: testCreditCode(n),
  town: '新登镇',
  industry: '装备制造',
});

describe('the API on the local MongoDB-compatible server', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ bodyLimit: 64 * 1024 });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('answers /health while the process is up', async () => {
    const res = await ctx.app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('reports the store and the search engine as up on /ready', async () => {
    const res = await ctx.app.request('/ready');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      dependencies: Record<string, { status: string }>;
    };
    expect(body.status).toBe('ready');
    expect(body.dependencies.store?.status).toBe('up');
    // Nothing indexed yet: no terms left to count.
    expect(body.dependencies.search).toMatchObject({
      status: 'up',
      engine: 'embedded',
      pendingTerms: 0,
    });
  });

  it('stores a record through the official driver and reads it back', async () => {
    const created = await ctx.app.request(
      '/organisations',
      jsonRequest('POST', company(1), asOfficer),
    );
    expect(created.status).toBe(201);
    const org = (await created.json()) as { id: string; creditCode: string; createdAt: string };
    expect(org.id).toMatch(/^org_[0-9a-z]{16}$/);
    expect(org.createdAt).toMatch(/\+08:00$/);

    const fetched = await ctx.app.request(`/organisations/${org.id}`, { headers: asOfficer });
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toMatchObject({ id: org.id, name: '富阳精密机械有限公司1' });

    const raw = await ctx.store.db
      .collection('organisations')
      .findOne({ creditCode: org.creditCode });
    expect(raw?._id).toBe(org.id);
  });

  it('turns a unique-index violation into a CONFLICT envelope in Chinese', async () => {
    const first = await ctx.app.request(
      '/organisations',
      jsonRequest('POST', company(2), asOfficer),
    );
    expect(first.status).toBe(201);
    const second = await ctx.app.request(
      '/organisations',
      jsonRequest('POST', { ...company(2), name: '另一家公司' }, asOfficer),
    );
    expect(second.status).toBe(409);
    const body = (await second.json()) as {
      error: { code: string; message: string; requestId: string };
    };
    expect(body.error.code).toBe('CONFLICT');
    expect(body.error.message).toContain('已登记');
    expect(body.error.requestId).toBe(second.headers.get('x-request-id'));
    expect(
      await ctx.store.db
        .collection('organisations')
        .countDocuments({ creditCode: testCreditCode(2) }),
    ).toBe(1);
  });

  it('answers in English when the user prefers it', async () => {
    const res = await ctx.app.request('/organisations/org_0000000000000000', {
      headers: { 'accept-language': 'en-GB,en;q=0.9,zh;q=0.5', ...asOfficer },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      error: { code: 'NOT_FOUND', message: 'No such organisation.' },
    });
  });

  it('rejects a malformed id with 400 before touching the store', async () => {
    const res = await ctx.app.request('/organisations/not-an-id', { headers: asOfficer });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('rejects a bad credit code with the reason and writes nothing', async () => {
    const before = await ctx.store.db.collection('organisations').countDocuments();
    const res = await ctx.app.request(
      '/organisations',
      jsonRequest('POST', { ...company(3), creditCode: '91350100M000100Y44' }, asOfficer),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { code: string; details: { fieldErrors: Record<string, string[]> } };
    };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.fieldErrors.creditCode?.[0]).toContain('校验位');
    expect(await ctx.store.db.collection('organisations').countDocuments()).toBe(before);
  });

  it('answers malformed JSON, oversized bodies and unknown routes with the envelope', async () => {
    const malformed = await ctx.app.request(
      '/organisations',
      jsonRequest('POST', '{"kind": ', asOfficer),
    );
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });

    const huge = await ctx.app.request(
      '/organisations',
      jsonRequest('POST', { ...company(4), name: 'x'.repeat(200 * 1024) }, asOfficer),
    );
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });

    const missing = await ctx.app.request('/no-such-route');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('serves an OpenAPI 3.1 document with the routes', async () => {
    const res = await ctx.app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/health', '/ready', '/organisations', '/organisations/{id}']),
    );
  });
});

describe('readiness when a dependency is down', () => {
  it('reports the search engine down and answers 503', async () => {
    // A real Meilisearch client pointed at a closed loopback port.
    const ctx = await createTestContext({ search: createMeilisearchEngine('http://127.0.0.1:9') });
    try {
      const res = await ctx.app.request('/ready');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        status: 'degraded',
        dependencies: {
          store: { status: 'up' },
          search: { status: 'down', engine: 'meilisearch' },
        },
      });
    } finally {
      await ctx.close();
    }
  });
});

describe('restarting on an existing database', () => {
  it('creates indexes idempotently, as every start does', async () => {
    const ctx = await createTestContext();
    try {
      const { createRepositories, ensureIndexes } = await import('../src/app.js');
      const repos = createRepositories(ctx.store.db);
      await ensureIndexes(repos);
      await ensureIndexes(repos);
      const names = (await ctx.store.db.collection('problems').listIndexes().toArray()).map((i) =>
        String(i.name),
      );
      expect(names).toEqual(expect.arrayContaining(['_id_', 'createdAt_id', 'index_gap']));
      expect((await ctx.app.request('/health')).status).toBe(200);
    } finally {
      await ctx.close();
    }
  });
});
