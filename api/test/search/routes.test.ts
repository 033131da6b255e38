import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/app.js';
import { createLogger } from '../../src/lib/logger.js';
import { createEmbeddedEngine } from '../../src/search/embedded.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { createIndexer } from '../../src/search/indexer.js';
import { as, createWorld, openProblem, problemInput, type World } from '../domain/world.js';
import { createTestContext, type TestContext } from '../helpers.js';

let ctx: TestContext;
let engine: SearchEngine;
let world: World;
const ids: Record<string, string> = {};

beforeAll(async () => {
  engine = createEmbeddedEngine();
  ctx = await createTestContext({ search: engine });
  world = await createWorld(ctx);
  ids.public = (
    await openProblem(world, {
      title: '热处理淬火变形公开难题',
      description: '齿轮淬火后变形超差，公开描述含渗碳工艺。',
      confidentiality: 'public',
    })
  ).id;
  ids.summary = (
    await openProblem(world, {
      title: '热处理淬火裂纹摘要难题',
      summary: '淬火后出现裂纹',
      description: '机密描述：真空渗碳炉参数。',
      confidentiality: 'summary',
    })
  ).id;
  ids.private = (
    await openProblem(world, { title: '热处理淬火私密难题', confidentiality: 'private' })
  ).id;
  const draft = await world.ownerApi.call(
    'POST',
    '/problems',
    problemInput(world.company.id, { title: '热处理淬火草稿难题', confidentiality: 'public' }),
  );
  ids.draft = draft.body.id;
  await createIndexer({
    repos: createRepositories(ctx.store.db),
    engine,
    db: ctx.store.db,
    logger: createLogger('silent'),
  }).runOnce();
}, 60_000);

afterAll(async () => {
  await engine.close();
  await ctx.close();
});

interface Hit {
  id: string;
  visibility: string;
  description?: string;
  highlights: Record<string, unknown>;
}

async function found(api: ReturnType<typeof as>, q: string) {
  const res = await api.call('GET', `/search/problems?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return res.body as {
    items: Hit[];
    total: number;
    facets: Record<string, Record<string, number>>;
  };
}

describe('problem search', () => {
  it('shows an expert public and summary problems only, summaries without their description', async () => {
    const expert = world.experts[0];
    if (!expert) throw new Error('no expert');
    const page = await found(expert.api, '热处理 淬火');
    const byId = new Map(page.items.map((hit) => [hit.id, hit]));
    expect(byId.get(ids.public ?? '')?.visibility).toBe('full');
    expect(byId.get(ids.public ?? '')?.description).toContain('渗碳');
    expect(byId.get(ids.summary ?? '')?.visibility).toBe('summary');
    expect(byId.has(ids.private ?? '')).toBe(false);
    expect(byId.has(ids.draft ?? '')).toBe(false);
    expect(page.total).toBe(2);
    expect(JSON.stringify(page)).not.toContain('真空渗碳炉');
  });

  it('does not find a summary problem by words of its confidential description', async () => {
    const page = await found(world.otherOwnerApi, '真空渗碳炉');
    expect(page.items.map((hit) => hit.id)).not.toContain(ids.summary);
  });

  it("shows a company its own private problem but not another company's", async () => {
    const own = await found(world.ownerApi, '热处理 淬火');
    expect(own.items.map((hit) => hit.id)).toContain(ids.private);
    const other = await found(world.otherOwnerApi, '热处理 淬火');
    expect(other.items.map((hit) => hit.id)).not.toContain(ids.private);
    expect(other.facets.status?.open).toBe(2);
  });

  it('highlights matched words and counts facets', async () => {
    const page = await found(world.office, '淬火');
    expect(page.total).toBe(3);
    expect(page.facets.town).toEqual({ 乾元镇: 3 });
    const hit = page.items.find((h) => h.id === ids.public);
    expect(String(hit?.highlights.title)).toContain('<em>淬火</em>');
  });

  it('asks for a signed-in caller and valid filters', async () => {
    expect((await as(ctx, null).call('GET', '/search/problems?q=x')).status).toBe(401);
    expect((await world.office.call('GET', '/search/problems?fields=nope')).status).toBe(400);
  });
});

describe('expert search', () => {
  it('finds experts by keyword with facets by field and university', async () => {
    const res = await world.ownerApi.call('GET', '/search/experts?q=遥感');
    expect(res.status).toBe(200);
    expect(res.body.items.map((hit: { id: string }) => hit.id)).toEqual([world.experts[2]?.id]);
    expect(res.body.facets.university).toEqual({ 浙江工业大学: 1 });
  });
});
