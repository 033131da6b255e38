import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers.js';
import { as, createWorld, officer, type World } from '../domain/world.js';

interface Saved {
  id: string;
  name: string;
  kind: string;
  query: Record<string, unknown>;
  notify: boolean;
}

describe('saved searches', () => {
  let ctx: TestContext;
  let world: World;
  beforeAll(async () => {
    ctx = await createTestContext();
    world = await createWorld(ctx);
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('saves a search with typed filters and gives it back to its owner', async () => {
    const expert = world.experts[0]?.api;
    if (!expert) throw new Error('no expert');
    const res = await expert.call('POST', '/saved-searches', {
      name: '  德清 数控  ',
      kind: 'problems',
      query: { q: '热变形 补偿', fields: ['mech.cnc'], town: '乾元镇', status: 'open' },
    });
    expect(res.status).toBe(201);
    const saved = res.body as Saved;
    expect(saved).toMatchObject({
      name: '德清 数控',
      kind: 'problems',
      notify: false,
      query: { q: '热变形 补偿', fields: ['mech.cnc'], town: '乾元镇', status: 'open' },
    });
    expect(saved.id).toMatch(/^srch_/);
    const got = await expert.call('GET', `/saved-searches/${saved.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it('rejects unknown filters and field codes instead of storing them', async () => {
    const expert = world.experts[0]?.api;
    if (!expert) throw new Error('no expert');
    const unknownKey = await expert.call('POST', '/saved-searches', {
      name: 'x',
      kind: 'problems',
      query: { $where: '1' },
    });
    expect(unknownKey.status).toBe(400);
    const unknownField = await expert.call('POST', '/saved-searches', {
      name: 'x',
      kind: 'problems',
      query: { fields: ['not.a.field'] },
    });
    expect(unknownField.status).toBe(400);
  });

  it('lists only the caller’s own searches, newest first, page by page', async () => {
    const me = world.experts[1]?.api;
    if (!me) throw new Error('no expert');
    for (let i = 1; i <= 5; i++) {
      const res = await me.call('POST', '/saved-searches', {
        name: `搜索 ${String(i)}`,
        kind: i % 2 ? 'problems' : 'experts',
        query: { q: `词${String(i)}` },
      });
      expect(res.status).toBe(201);
    }
    await world.ownerApi.call('POST', '/saved-searches', {
      name: '别人的',
      kind: 'problems',
      query: {},
    });
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: Saved[]; nextCursor: string | null } } =
        await me.call('GET', `/saved-searches?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      names.push(...page.body.items.map((s) => s.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(names).toEqual(['搜索 5', '搜索 4', '搜索 3', '搜索 2', '搜索 1']);
    const experts = await me.call('GET', '/saved-searches?kind=experts');
    expect((experts.body as { items: Saved[] }).items.map((s) => s.name)).toEqual([
      '搜索 4',
      '搜索 2',
    ]);
  });

  it('hides one user’s search from everyone else, the office included', async () => {
    const created = await world.ownerApi.call('POST', '/saved-searches', {
      name: '我的专家搜索',
      kind: 'experts',
      query: { university: '浙江工业大学', available: true },
    });
    const id = (created.body as Saved).id;
    for (const api of [world.otherOwnerApi, world.experts[0]?.api, as(ctx, officer)]) {
      if (!api) throw new Error('missing caller');
      expect((await api.call('GET', `/saved-searches/${id}`)).status).toBe(404);
      expect((await api.call('PATCH', `/saved-searches/${id}`, { name: '抢走' })).status).toBe(404);
      expect((await api.call('DELETE', `/saved-searches/${id}`)).status).toBe(404);
    }
    expect((await as(ctx, null).call('GET', '/saved-searches')).status).toBe(401);
    expect((await world.ownerApi.call('GET', `/saved-searches/${id}`)).body).toMatchObject({
      name: '我的专家搜索',
    });
  });

  it('renames, changes and deletes a search', async () => {
    const created = await world.ownerApi.call('POST', '/saved-searches', {
      name: '旧名字',
      kind: 'experts',
      query: { q: '注塑' },
    });
    const id = (created.body as Saved).id;
    const patched = await world.ownerApi.call('PATCH', `/saved-searches/${id}`, {
      name: '新名字',
      query: { q: '注塑 缩痕', fields: ['mat.polymer'] },
      notify: true,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: '新名字',
      notify: true,
      query: { q: '注塑 缩痕', fields: ['mat.polymer'] },
    });
    expect((await world.ownerApi.call('DELETE', `/saved-searches/${id}`)).status).toBe(200);
    expect((await world.ownerApi.call('GET', `/saved-searches/${id}`)).status).toBe(404);
  });

  it('keeps at most 50 searches per user', async () => {
    const me = world.experts[2]?.api;
    if (!me) throw new Error('no expert');
    for (let i = 0; i < 50; i++) {
      const res = await me.call('POST', '/saved-searches', {
        name: `第 ${String(i)} 个`,
        kind: 'problems',
        query: {},
      });
      expect(res.status).toBe(201);
    }
    const over = await me.call('POST', '/saved-searches', {
      name: '太多',
      kind: 'problems',
      query: {},
    });
    expect(over.status).toBe(409);
    expect((over.body as { error: { message: string } }).error.message).toContain('最多保存 50 个');
  });
});
