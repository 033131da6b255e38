import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers.js';
import { createWorld, problemInput, type World } from './world.js';

describe('cursor pagination', () => {
  let ctx: TestContext;
  let world: World;
  beforeAll(async () => {
    ctx = await createTestContext();
    world = await createWorld(ctx);
    for (let i = 0; i < 25; i++) {
      const res = await world.ownerApi.call(
        'POST',
        '/problems',
        problemInput(world.company.id, { title: `难题编号 ${String(i).padStart(2, '0')}` }),
      );
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('pages through every record exactly once even when records are inserted between pages', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let page = 0;
    do {
      const query = `/problems?limit=10&companyId=${world.company.id}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await world.ownerApi.call('GET', query);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((item: { id: string }) => item.id));
      cursor = res.body.nextCursor;
      // Newer records land before the cursor (newest first) and must not shift later pages.
      await world.ownerApi.call(
        'POST',
        '/problems',
        problemInput(world.company.id, { title: `翻页期间新增 ${page++}` }),
      );
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
  });

  it('sorts by title ascending across pages', async () => {
    const titles: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await world.ownerApi.call(
        'GET',
        `/problems?limit=7&sort=title&order=asc&status=draft${cursor ? `&cursor=${cursor}` : ''}`,
      );
      titles.push(...res.body.items.map((item: { title: string }) => item.title));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(titles.length).toBeGreaterThanOrEqual(25);
    expect([...titles].sort()).toEqual(titles);
  });

  it('filters by status and rejects page sizes above 100 and forged cursors', async () => {
    const res = await world.ownerApi.call('GET', '/problems?status=open');
    expect(res.body.items).toEqual([]);
    expect((await world.ownerApi.call('GET', '/problems?limit=101')).status).toBe(400);
    expect((await world.ownerApi.call('GET', '/problems?cursor=bm90LWpzb24')).status).toBe(400);
    expect(
      (
        await world.ownerApi.call(
          'GET',
          `/problems?cursor=${Buffer.from('[{"$gt":""},"x"]').toString('base64url')}`,
        )
      ).status,
    ).toBe(400);
  });
});
