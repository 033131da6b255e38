import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceEvents, type EventDoc } from '../../src/features/events/outbox.js';
import { notifierOf } from '../../src/features/notifications/service.js';
import { createWorld, openProblem, type Api, type World } from '../domain/world.js';
import { createTestContext, type TestContext } from '../helpers.js';
import { createAccounts } from '../notifications/accounts.js';

interface Item {
  kind: string;
  title: string;
  body: string;
  link: string;
  params: Record<string, unknown>;
}

let ctx: TestContext;
let world: World;

const expert = (i: number) => {
  const e = world.experts[i];
  if (!e) throw new Error('no such expert');
  return e.api;
};

async function alerts(api: Api, problemId?: string) {
  await notifierOf(ctx.store.db)?.idle();
  const res = await api.call('GET', '/notifications?limit=100');
  expect(res.status).toBe(200);
  return (res.body.items as Item[]).filter(
    (n) => n.kind === 'saved_search_match' && (!problemId || n.params.problemId === problemId),
  );
}

async function save(api: Api, body: Record<string, unknown>) {
  const res = await api.call('POST', '/saved-searches', { kind: 'problems', ...body });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  ctx = await createTestContext();
  world = await createWorld(ctx);
  await createAccounts(ctx, world);
  await save(expert(0), {
    name: '乾元镇 注塑缩痕',
    query: { q: '注塑 缩痕', town: '乾元镇' },
    notify: true,
  });
  await save(expert(1), { name: '注塑缩痕（不提醒）', query: { q: '注塑 缩痕' }, notify: false });
  await save(expert(2), { name: '刀具磨损', query: { q: '刀具 磨损' }, notify: true });
  await save(expert(2), {
    name: '高分子以外的领域',
    query: { q: '注塑', fields: ['mech.cnc'] },
    notify: true,
  });
}, 60_000);

afterAll(async () => {
  await ctx.close();
});

describe('saved-search alerts', () => {
  it('tells the expert whose saved search with notify on matches a newly published problem, once', async () => {
    const secret = '独家阻燃配方';
    const problem = await openProblem(world, {
      title: '注塑件缩痕与保压工艺改进',
      description: `涉及${secret}，注塑缩痕严重。`,
      confidentiality: 'summary',
    });
    const mine = await alerts(expert(0), problem.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      title: '保存的搜索有新结果',
      body: '新发布的难题「注塑件缩痕与保压工艺改进」符合您保存的搜索「乾元镇 注塑缩痕」。',
      link: `/problems/${problem.id}`,
    });
    expect(JSON.stringify(mine)).not.toContain(secret);
    // notify off, a query whose words are not in the problem, a field filter that does not hold.
    expect(await alerts(expert(1), problem.id)).toEqual([]);
    expect(await alerts(expert(2), problem.id)).toEqual([]);

    const events = await ctx.store.db
      .collection<EventDoc>('events')
      .find({ entityId: problem.id })
      .toArray();
    announceEvents(ctx.store.db, events);
    expect(await alerts(expert(0), problem.id)).toHaveLength(1);
  });

  it('matches only what the expert may read: a summary-only problem not by its description', async () => {
    const problem = await openProblem(world, {
      title: '液压系统泄漏排查',
      summary: '设备液压系统间歇性泄漏。',
      keywords: ['液压'],
      description: '保压阶段注塑机缩痕明显。',
      confidentiality: 'summary',
    });
    expect(await alerts(expert(0), problem.id)).toEqual([]);
  });

  it('says nothing of a private problem until it becomes readable, then once', async () => {
    const problem = await openProblem(world, {
      title: '注塑缩痕机密项目',
      confidentiality: 'private',
    });
    expect(await alerts(expert(0), problem.id)).toEqual([]);
    const opened = await world.ownerApi.call('PATCH', `/problems/${problem.id}`, {
      rev: problem.rev,
      confidentiality: 'summary',
    });
    expect(opened.status).toBe(200);
    expect(await alerts(expert(0), problem.id)).toHaveLength(1);
    const publicNow = await world.ownerApi.call('PATCH', `/problems/${problem.id}`, {
      rev: opened.body.rev,
      confidentiality: 'public',
    });
    expect(publicNow.status).toBe(200);
    expect(await alerts(expert(0), problem.id)).toHaveLength(1);
  });
});
