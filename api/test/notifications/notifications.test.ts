import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/app.js';
import type { Actor } from '../../src/features/access/actor.js';
import { announceEvents, listenToEvents, type EventDoc } from '../../src/features/events/outbox.js';
import { notificationId } from '../../src/features/notifications/repository.js';
import { installNotifier, notifierOf } from '../../src/features/notifications/service.js';
import { createLogger } from '../../src/lib/logger.js';
import { createEmbeddedEngine } from '../../src/search/embedded.js';
import { createIndexer, type Indexer } from '../../src/search/indexer.js';
import type { SearchEngine } from '../../src/search/index.js';
import { as, createWorld, openProblem, type Api, type World } from '../domain/world.js';
import { createTestContext, type TestContext } from '../helpers.js';
import { createAccounts } from './accounts.js';

let ctx: TestContext;
let engine: SearchEngine;
let indexer: Indexer;
let world: World;
let member: Actor;
let memberApi: Api;

interface Item {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  params: Record<string, unknown>;
  readAt: string | null;
}

const expert = (i: number) => {
  const e = world.experts[i];
  if (!e) throw new Error('no such expert');
  return e;
};

async function inbox(api: Api, query = '') {
  const res = await api.call('GET', `/notifications${query}`);
  expect(res.status).toBe(200);
  return res.body as { items: Item[]; unreadCount: number; nextCursor: string | null };
}

async function badge(api: Api) {
  const res = await api.call('GET', '/notifications/unread-count');
  expect(res.status).toBe(200);
  return (res.body as { unreadCount: number }).unreadCount;
}

async function setProfile(i: number, patch: Record<string, unknown>) {
  const current = await world.office.call('GET', `/experts/${expert(i).id}`);
  const res = await world.office.call('PATCH', `/experts/${expert(i).id}`, {
    rev: current.body.rev,
    ...patch,
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  engine = createEmbeddedEngine();
  ctx = await createTestContext({ search: engine });
  indexer = createIndexer({
    repos: createRepositories(ctx.store.db),
    engine,
    db: ctx.store.db,
    logger: createLogger('silent'),
  });
  world = await createWorld(ctx);
  member = {
    userId: 'usr_member',
    role: 'company_member',
    name: '陈会计',
    organisationId: world.company.id,
  };
  memberApi = as(ctx, member);
  await createAccounts(ctx, world, [member]);
}, 60_000);

afterAll(async () => {
  await indexer.stop();
  await engine.close();
  await ctx.close();
});

describe('notifications of an engagement', () => {
  it("tells the invited expert's user, and only them, of an invitation", async () => {
    const problem = await openProblem(world, { title: '数控机床主轴热变形补偿' });
    const invited = await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
      expertId: expert(0).id,
    });
    expect(invited.status).toBe(201);
    // The first publication builds the matcher's corpus, which on a busy machine can outlast the
    // inbox's settle window; who is told is what this test is about, so wait for it.
    await notifierOf(ctx.store.db)?.idle();
    const mine = await inbox(expert(0).api);
    const invitation = mine.items.find(
      (n) => n.kind === 'invitation' && n.params.problemId === problem.id,
    );
    expect(invitation).toMatchObject({
      title: '新的对接邀请',
      link: '/engagements',
      readAt: null,
    });
    expect(invitation?.body).toContain('「数控机床主轴热变形补偿」');
    expect(invitation?.body).toContain('德清精工机械有限公司');
    const others = await inbox(expert(1).api);
    expect(others.items.filter((n) => n.params.problemId === problem.id)).toEqual([]);
    // The owner invited; the owner is not told of their own action, the colleague is not either.
    expect(
      (await inbox(world.ownerApi)).items.filter((n) => n.params.problemId === problem.id),
    ).toEqual([]);
  });

  it('tells both sides of accept, a visit and a decline, never the one who acted', async () => {
    const problem = await openProblem(world, { title: '注塑保压参数优化' });
    const invited = await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
      expertId: expert(1).id,
    });
    const accepted = await expert(1).api.call('POST', `/engagements/${invited.body.id}/accept`, {
      rev: invited.body.rev,
    });
    expect(accepted.status).toBe(200);
    const visit = await world.ownerApi.call('POST', `/engagements/${invited.body.id}/visits`, {
      date: '2026-11-20',
      note: '陈总陪同查看产线',
    });
    expect(visit.status).toBe(201);

    const forProblem = (items: Item[]) => items.filter((n) => n.params.problemId === problem.id);
    const owner = forProblem((await inbox(world.ownerApi)).items);
    expect(owner.map((n) => [n.kind, n.params.action])).toEqual([['engagement_status', 'accept']]);
    expect(owner[0]?.body).toContain('刘洋接受了对接');
    expect(owner[0]?.link).toBe(`/problems/${problem.id}`);
    const colleague = forProblem((await inbox(memberApi)).items);
    // The colleague also hears that the owner published the problem.
    expect(colleague.map((n) => n.kind).sort()).toEqual([
      'engagement_status',
      'problem_status',
      'visit_logged',
    ]);
    const theExpert = forProblem((await inbox(expert(1).api)).items);
    expect(theExpert.map((n) => n.kind).sort()).toEqual(['invitation', 'visit_logged']);

    const other = await openProblem(world);
    const second = await world.ownerApi.call('POST', `/problems/${other.id}/engagements`, {
      expertId: expert(2).id,
    });
    await expert(2).api.call('POST', `/engagements/${second.body.id}/decline`, {
      rev: second.body.rev,
      reasonCode: 'timing',
    });
    const declined = (await inbox(world.ownerApi)).items.find(
      (n) => n.params.problemId === other.id,
    );
    expect(declined).toMatchObject({ kind: 'engagement_status', params: { action: 'decline' } });
  });

  it('tells the company and engaged experts when a problem is solved or closed', async () => {
    const problem = await openProblem(world, { title: '刀具磨损在线监测' });
    const invited = await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
      expertId: expert(0).id,
    });
    await expert(0).api.call('POST', `/engagements/${invited.body.id}/accept`, { rev: 1 });
    const current = await world.office.call('GET', `/problems/${problem.id}`);
    const closed = await world.office.call('POST', `/problems/${problem.id}/close`, {
      rev: current.body.rev,
      reasonCode: 'other',
    });
    expect(closed.status).toBe(200);
    const expertSees = (await inbox(expert(0).api)).items.find(
      (n) => n.kind === 'problem_status' && n.params.problemId === problem.id,
    );
    expect(expertSees?.body).toBe('难题「刀具磨损在线监测」已关闭。');
    const ownerSees = (await inbox(world.ownerApi)).items.filter(
      (n) => n.kind === 'problem_status' && n.params.problemId === problem.id,
    );
    expect(ownerSees.map((n) => n.params.action)).toEqual(['close']);
  });

  it('tells the company when an expert expresses interest', async () => {
    const problem = await openProblem(world, {
      title: '欢迎专家主动对接',
      confidentiality: 'public',
    });
    const interest = await expert(0).api.call('POST', `/problems/${problem.id}/interest`, {});
    expect(interest.status).toBe(201);
    const owner = (await inbox(world.ownerApi, '?limit=100')).items.find(
      (n) => n.kind === 'interest' && n.params.problemId === problem.id,
    );
    expect(owner?.body).toBe('张伟希望对接难题「欢迎专家主动对接」。');
    expect(owner?.link).toBe(`/problems/${problem.id}`);
  });

  it('renders the same notification in English for an English reader', async () => {
    const res = await as(ctx, expert(0).actor, 'en').call('GET', '/notifications?limit=100');
    const invitation = (res.body.items as Item[]).find((n) => n.kind === 'invitation');
    expect(invitation?.title).toBe('New invitation');
    expect(invitation?.body).toContain('invites you to work on "');
  });
});

describe('reading notifications', () => {
  it('shows each user their own notifications only, and 404s on anyone else’s', async () => {
    const theirs = (await inbox(expert(0).api)).items[0];
    expect(theirs).toBeDefined();
    const mine = await inbox(expert(2).api, '?limit=100');
    expect(mine.items.map((n) => n.id)).not.toContain(theirs?.id);
    const steal = await expert(2).api.call('POST', `/notifications/${theirs?.id}/read`, {});
    expect(steal.status).toBe(404);
    const office = await world.office.call('POST', `/notifications/${theirs?.id}/read`, {});
    expect(office.status).toBe(404);
    expect((await inbox(expert(0).api)).items[0]?.readAt).toBeNull();
  });

  it('counts unread, filters them, marks one and then all read', async () => {
    const before = await inbox(world.ownerApi, '?limit=100');
    expect(before.unreadCount).toBeGreaterThan(1);
    expect(before.unreadCount).toBe(before.items.filter((n) => !n.readAt).length);
    const first = before.items[0];
    const read = await world.ownerApi.call('POST', `/notifications/${first?.id}/read`, {});
    expect(read.status).toBe(200);
    expect(read.body.readAt).toMatch(/\+08:00$/);
    const unread = await inbox(world.ownerApi, '?unread=true&limit=100');
    expect(unread.unreadCount).toBe(before.unreadCount - 1);
    expect(unread.items.map((n) => n.id)).not.toContain(first?.id);
    expect(unread.items.every((n) => n.readAt === null)).toBe(true);

    expect(await badge(world.ownerApi)).toBe(before.unreadCount - 1);

    const all = await world.ownerApi.call('POST', '/notifications/read-all', {});
    expect(all.body).toEqual({ updated: before.unreadCount - 1 });
    expect((await inbox(world.ownerApi)).unreadCount).toBe(0);
    expect(await badge(world.ownerApi)).toBe(0);
    expect((await inbox(memberApi)).unreadCount).toBeGreaterThan(0);
  });

  it('answers the badge count from a counter kept in step with every notification written', async () => {
    const problem = await openProblem(world, { title: '角标计数的难题' });
    await notifierOf(ctx.store.db)?.idle();
    const before = await badge(expert(2).api);
    expect(before).toBe((await inbox(expert(2).api)).unreadCount);
    const invited = await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
      expertId: expert(2).id,
    });
    expect(invited.status).toBe(201);
    await notifierOf(ctx.store.db)?.idle();
    expect(await badge(expert(2).api)).toBe(before + 1);
    // Announcing the same events again writes nothing and counts nothing.
    const events = await ctx.store.db
      .collection<EventDoc>('events')
      .find({ entityId: invited.body.id })
      .toArray();
    announceEvents(ctx.store.db, events);
    await notifierOf(ctx.store.db)?.idle();
    expect(await badge(expert(2).api)).toBe(before + 1);
    const invitation = (await inbox(expert(2).api)).items.find(
      (n) => n.kind === 'invitation' && n.params.problemId === problem.id,
    );
    await expert(2).api.call('POST', `/notifications/${invitation?.id}/read`, {});
    await expert(2).api.call('POST', `/notifications/${invitation?.id}/read`, {});
    expect(await badge(expert(2).api)).toBe(before);
  });

  it('builds the counters once for a store written before they existed', async () => {
    const fresh = await createTestContext();
    try {
      const userId = 'usr_legacy_reader';
      const doc = (n: number, read: boolean) => ({
        _id: notificationId(`legacy-${n}`, userId, 'problem_status'),
        userId,
        kind: 'problem_status' as const,
        params: { problemTitle: '旧难题', action: 'publish' },
        link: '/problems',
        sourceId: `legacy-${n}`,
        createdAt: new Date('2026-01-01T00:00:00Z'),
        ...(read ? { readAt: new Date('2026-01-02T00:00:00Z') } : {}),
      });
      await fresh.store.db
        .collection('notifications')
        .insertMany([doc(1, false), doc(2, false), doc(3, true)] as never[]);
      await createRepositories(fresh.store.db).notifications.ensureIndexes();
      const reader = as(fresh, { userId, role: 'officer', name: '老用户' });
      expect(await badge(reader)).toBe(2);
    } finally {
      await fresh.close();
    }
  });

  it('corrects a drifted counter when the inbox is read', async () => {
    const userId = expert(2).actor.userId;
    const truth = (await inbox(expert(2).api)).unreadCount;
    await ctx.store.db
      .collection<{ _id: string; n: number }>('notification_unread')
      .updateOne({ _id: userId }, { $set: { n: truth + 5 } }, { upsert: true });
    expect(await badge(expert(2).api)).toBe(truth + 5);
    expect((await inbox(expert(2).api)).unreadCount).toBe(truth);
    expect(await badge(expert(2).api)).toBe(truth);
  });

  it('pages newest first with a cursor', async () => {
    const all = await inbox(memberApi, '?limit=100');
    expect(all.items.length).toBeGreaterThanOrEqual(3);
    const first = await inbox(memberApi, '?limit=2');
    expect(first.nextCursor).not.toBeNull();
    const second = await inbox(memberApi, `?limit=2&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((n) => n.id)).toEqual(
      all.items.slice(0, first.items.length + second.items.length).map((n) => n.id),
    );
  });

  it('refuses anonymous callers', async () => {
    expect((await as(ctx, null).call('GET', '/notifications')).status).toBe(401);
    expect((await as(ctx, null).call('GET', '/notifications/unread-count')).status).toBe(401);
  });
});

describe('producing notifications', () => {
  it('writes one notification per event and recipient, however often the event is announced', async () => {
    const problem = await openProblem(world, { title: '幂等测试难题' });
    await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
      expertId: expert(2).id,
    });
    const count = async () =>
      (await inbox(expert(2).api, '?limit=100')).items.filter(
        (n) => n.params.problemId === problem.id,
      ).length;
    expect(await count()).toBe(1);
    const events = await ctx.store.db
      .collection<EventDoc>('events')
      .find({ refs: problem.id })
      .toArray();
    expect(events.length).toBeGreaterThan(0);
    announceEvents(ctx.store.db, events);
    announceEvents(ctx.store.db, events);
    await notifierOf(ctx.store.db)?.idle();
    expect(await count()).toBe(1);
  });

  it('never fails the write when notifying fails', async () => {
    const unlisten = listenToEvents(ctx.store.db, () => {
      throw new Error('notifier down');
    });
    try {
      const problem = await openProblem(world);
      const invited = await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
        expertId: expert(0).id,
      });
      expect(invited.status).toBe(201);
      expect((await expert(0).api.call('GET', `/engagements/${invited.body.id}`)).status).toBe(200);
    } finally {
      unlisten();
    }
  });

  it('catches up after a restart on events that were stored but never announced', async () => {
    const notifier = notifierOf(ctx.store.db);
    if (!notifier) throw new Error('no notifier');
    await notifier.idle();
    // As if the process died between storing the event and producing its notifications.
    notifier.detach();
    const problem = await openProblem(world, { title: '重启后补发通知的难题' });
    const invited = await world.ownerApi
      .call('POST', `/problems/${problem.id}/engagements`, { expertId: expert(1).id })
      .finally(() => {
        notifier.attach();
      });
    expect(invited.status).toBe(201);
    const invitations = async () =>
      (await inbox(expert(1).api, '?limit=100')).items.filter(
        (n) => n.kind === 'invitation' && n.params.problemId === problem.id,
      );
    expect(await invitations()).toEqual([]);
    expect(await notifier.catchUp(new Date())).toBeGreaterThan(0);
    expect(await invitations()).toHaveLength(1);
    await notifier.catchUp(new Date());
    expect(await invitations()).toHaveLength(1);
  });

  it('hears each stored event once when the notifier is installed again on the same store', async () => {
    const first = notifierOf(ctx.store.db);
    if (!first) throw new Error('no notifier');
    const second = installNotifier({
      db: ctx.store.db,
      repos: createRepositories(ctx.store.db),
      search: engine,
      logger: createLogger('silent'),
    });
    expect(notifierOf(ctx.store.db)).toBe(second);
    const heard = { first: 0, second: 0 };
    first.handle = (events) => {
      heard.first += events.length;
    };
    const handle = second.handle.bind(second);
    second.handle = (events) => {
      heard.second += events.length;
      handle(events);
    };
    const problem = await openProblem(world, { title: '重新安装通知后的难题' });
    await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
      expertId: expert(2).id,
    });
    await second.idle();
    expect(heard.first).toBe(0);
    expect(heard.second).toBeGreaterThan(0);
    const invitations = (await inbox(expert(2).api, '?limit=100')).items.filter(
      (n) => n.kind === 'invitation' && n.params.problemId === problem.id,
    );
    expect(invitations).toHaveLength(1);
  });

  it('does not replay the history of a store it has never seen', async () => {
    const fresh = await createTestContext();
    try {
      await fresh.store.db.collection('events').insertOne({
        _id: 'evt_history',
        entity: 'engagement',
        entityId: 'eng_0000000000000000',
        type: 'created',
        to: 'invited',
        actor: { userId: 'usr_x', role: 'officer', name: 'x' },
        at: new Date('2020-01-01T00:00:00Z'),
      } as never);
      const notifier = notifierOf(fresh.store.db);
      expect(await notifier?.catchUp(new Date())).toBe(0);
      expect(await notifier?.catchUp(new Date())).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('tells strongly matching experts of a new problem by its title, never a private one', async () => {
    await setProfile(1, {
      keywords: ['注塑', '缩痕', '模流分析'],
      publications: [
        {
          title: '注塑件缩痕形成机理与保压工艺优化',
          abstract: '研究汽车内饰注塑件保压阶段缩痕的成因，基于模流分析优化保压时间与模温。',
          year: 2024,
        },
      ],
    });
    await setProfile(2, {
      publications: [
        {
          title: 'Remote sensing of crop stress with UAV multispectral imagery',
          abstract: 'We map crop water stress from drone imagery with deep learning.',
          year: 2022,
        },
      ],
    });
    await indexer.runOnce();
    const secret = '独家配方聚碳酸酯阻燃体系';
    const summary = await openProblem(world, {
      title: '注塑件缩痕与保压工艺改进',
      description: `涉及${secret}，注塑缩痕严重。`,
      confidentiality: 'summary',
    });
    const hidden = await openProblem(world, {
      title: '注塑模具保压缩痕机密项目',
      confidentiality: 'private',
    });
    const matches = (api: Api) =>
      inbox(api, '?limit=100').then((page) => page.items.filter((n) => n.kind === 'strong_match'));
    const fit = await matches(expert(1).api);
    expect(fit.map((n) => n.params.problemId)).toEqual([summary.id]);
    expect(fit[0]?.body).toBe('新发布的难题「注塑件缩痕与保压工艺改进」与您的专长高度匹配。');
    expect(JSON.stringify(fit)).not.toContain(secret);
    expect(fit[0]?.params.score).toBeGreaterThanOrEqual(0.35);
    expect(await matches(expert(2).api)).toEqual([]);
    expect(JSON.stringify(await inbox(expert(1).api, '?limit=100'))).not.toContain(hidden.id);
  });
});
