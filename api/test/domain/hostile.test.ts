import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorHeaders, createTestContext, type TestContext } from '../helpers.js';
import { createWorld, officer, openProblem, problemInput, type World } from './world.js';

// Hostile input gets a 4xx envelope and changes nothing.
describe('hostile input', () => {
  let ctx: TestContext;
  let world: World;
  let problemId: string;
  beforeAll(async () => {
    ctx = await createTestContext({ bodyLimit: 1_048_576 });
    world = await createWorld(ctx);
    problemId = (await openProblem(world)).id;
  });
  afterAll(async () => {
    await ctx.close();
  });

  async function snapshot() {
    const names = ['organisations', 'experts', 'problems', 'engagements', 'events', 'outcomes'];
    const counts = await Promise.all(
      names.map((name) => ctx.store.db.collection(name).countDocuments()),
    );
    const problem = await ctx.store.db.collection('problems').findOne({ _id: problemId as never });
    return { counts, rev: problem?.rev };
  }

  const raw = (
    method: string,
    path: string,
    body: string | Uint8Array,
    contentType = 'application/json',
  ) =>
    ctx.app.request(path, {
      method,
      headers: { 'content-type': contentType, ...actorHeaders(world.owner) },
      body,
    });

  async function expect4xx(res: Response) {
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const body = (await res.json()) as {
      error: { code: string; message: string; requestId: string };
    };
    expect(body.error.code).toMatch(/^[A-Z_]+$/);
    expect(body.error.message.length).toBeGreaterThan(0);
  }

  it('rejects unknown fields instead of storing them', async () => {
    const before = await snapshot();
    await expect4xx(
      await raw(
        'POST',
        '/problems',
        JSON.stringify({ ...problemInput(world.company.id), status: 'solved' }),
      ),
    );
    await expect4xx(
      await raw(
        'PATCH',
        `/problems/${problemId}`,
        JSON.stringify({ rev: 2, $set: { status: 'solved' } }),
      ),
    );
    await expect4xx(
      await raw(
        'PATCH',
        `/problems/${problemId}`,
        JSON.stringify({ rev: 2, companyId: world.otherCompany.id }),
      ),
    );
    expect(await snapshot()).toEqual(before);
  });

  it('rejects Mongo operators in any string field', async () => {
    const before = await snapshot();
    const input = problemInput(world.company.id);
    for (const key of [
      'companyId',
      'title',
      'summary',
      'description',
      'desiredOutcome',
      'confidentiality',
      'deadline',
    ]) {
      await expect4xx(
        await raw('POST', '/problems', JSON.stringify({ ...input, [key]: { $gt: '' } })),
      );
    }
    await expect4xx(
      await raw('POST', '/problems', JSON.stringify({ ...input, keywords: [{ $ne: null }] })),
    );
    await expect4xx(
      await raw('POST', '/problems', JSON.stringify({ ...input, fields: { $in: ['mech.cnc'] } })),
    );
    expect(await snapshot()).toEqual(before);
    // Unknown query keys are dropped, never turned into operators: the filter is not applied.
    const plain = await ctx.app.request('/problems?limit=100', { headers: actorHeaders(officer) });
    const injected = await ctx.app.request('/problems?limit=100&status[$ne]=draft', {
      headers: actorHeaders(officer),
    });
    expect(injected.status).toBe(200);
    expect(await injected.json()).toEqual(await plain.json());
    await expect4xx(
      await ctx.app.request('/problems?status=%7B%22%24ne%22%3A%22draft%22%7D', {
        headers: actorHeaders(officer),
      }),
    );
  });

  it('rejects a 10 MB body with 413', async () => {
    const before = await snapshot();
    const huge = JSON.stringify({
      ...problemInput(world.company.id),
      description: 'x'.repeat(10 * 1024 * 1024),
    });
    const res = await raw('POST', '/problems', huge);
    expect(res.status).toBe(413);
    await expect4xx(res);
    expect(await snapshot()).toEqual(before);
  });

  it('rejects deep nesting, wrong types, malformed JSON, invalid UTF-8 and other content types', async () => {
    const before = await snapshot();
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    await expect4xx(await raw('POST', '/problems', deep));
    await expect4xx(
      await raw(
        'POST',
        '/problems',
        JSON.stringify({ ...problemInput(world.company.id), fields: 'mech.cnc' }),
      ),
    );
    await expect4xx(
      await raw(
        'POST',
        '/problems',
        JSON.stringify({
          ...problemInput(world.company.id),
          budget: { min: { amountFen: '100' } },
        }),
      ),
    );
    await expect4xx(
      await raw('POST', '/problems', JSON.stringify([problemInput(world.company.id)])),
    );
    await expect4xx(await raw('POST', '/problems', '{"companyId": '));
    await expect4xx(await raw('POST', '/problems', 'null'));
    const text = JSON.stringify(problemInput(world.company.id));
    const bytes = new TextEncoder().encode(text);
    const at = text.indexOf('注塑件');
    const invalid = new Uint8Array([...bytes.slice(0, at), 0xff, 0xfe, ...bytes.slice(at)]);
    await expect4xx(await raw('POST', '/problems', invalid));
    await expect4xx(await raw('POST', '/problems', text, 'text/plain'));
    expect(await snapshot()).toEqual(before);
  });

  it('rejects control characters in text and out-of-range numbers', async () => {
    const before = await snapshot();
    await expect4xx(
      await raw(
        'POST',
        '/problems',
        JSON.stringify({ ...problemInput(world.company.id), title: '标题\u0000注入' }),
      ),
    );
    await expect4xx(
      await raw(
        'PATCH',
        `/problems/${problemId}`,
        JSON.stringify({ rev: 1e308, title: '合法的标题' }),
      ),
    );
    await expect4xx(
      await raw(
        'PATCH',
        `/problems/${problemId}`,
        JSON.stringify({ rev: -1, title: '合法的标题' }),
      ),
    );
    expect(await snapshot()).toEqual(before);
  });
});
