import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createWorld, openProblem, type World } from '../domain/world.js';
import {
  createTestClock,
  createTestContext,
  type TestClock,
  type TestContext,
} from '../helpers.js';
import { createAccounts } from '../notifications/accounts.js';

let ctx: TestContext;
let clock: TestClock;
let world: World;

interface StuckItem {
  key: string;
  rule: string;
  entityId: string;
  problemId: string;
  problemTitle: string;
  overdueDays: number;
  parties: { role: string; name: string; responsible: boolean }[];
  log: {
    kind: string;
    contact?: string;
    channel?: string;
    agreed?: string;
    recipients?: string[];
    mailed?: number;
  }[];
}

const expert = (i: number) => {
  const e = world.experts[i];
  if (!e) throw new Error('no such expert');
  return e;
};

async function stuck(rule?: string) {
  const res = await world.office.call('GET', `/stuck${rule ? `?rule=${rule}` : ''}`);
  expect(res.status).toBe(200);
  return res.body as { items: StuckItem[]; total: number; rules: { id: string; count: number }[] };
}

const itemOf = async (entityId: string, rule: string) =>
  (await stuck(rule)).items.find((item) => item.entityId === entityId);

beforeAll(async () => {
  clock = createTestClock('2026-03-02T01:00:00.000Z');
  ctx = await createTestContext({ clock });
  world = await createWorld(ctx);
  await createAccounts(ctx, world);
}, 60_000);

afterAll(async () => {
  await ctx.close();
});

describe('stuck items', () => {
  it('lists an open problem with no engagement exactly 14 days after it was published', async () => {
    const problem = await openProblem(world, { title: '两周无人对接的难题' });
    clock.advanceDays(14 - 1 / 24);
    expect(await itemOf(problem.id, 'problem_unengaged')).toBeUndefined();
    clock.advanceDays(1 / 24);
    const item = await itemOf(problem.id, 'problem_unengaged');
    expect(item).toMatchObject({
      rule: 'problem_unengaged',
      problemId: problem.id,
      overdueDays: 0,
      parties: [{ role: 'company', name: '德清精工机械有限公司', responsible: true }],
      log: [],
    });
    clock.advanceDays(3);
    expect((await itemOf(problem.id, 'problem_unengaged'))?.overdueDays).toBe(3);
  });

  it('lists an unanswered invitation after 5 days, and drops it and its problem once accepted', async () => {
    const problem = await openProblem(world);
    const invited = await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
      expertId: expert(0).id,
    });
    clock.advanceDays(4.9);
    expect(await itemOf(invited.body.id, 'invitation_unanswered')).toBeUndefined();
    clock.advanceDays(0.1);
    const item = await itemOf(invited.body.id, 'invitation_unanswered');
    expect(item?.parties.map((p) => [p.role, p.name, p.responsible])).toEqual([
      ['expert', '张伟', true],
      ['company', '德清精工机械有限公司', false],
    ]);
    clock.advanceDays(9);
    expect(await itemOf(problem.id, 'problem_unengaged')).toBeDefined();
    const accepted = await expert(0).api.call('POST', `/engagements/${invited.body.id}/accept`, {
      rev: invited.body.rev,
    });
    expect(accepted.status).toBe(200);
    expect(await itemOf(invited.body.id, 'invitation_unanswered')).toBeUndefined();
    expect(await itemOf(problem.id, 'problem_unengaged')).toBeUndefined();
  });

  it('lists an active engagement 30 days without a visit, and drops it when a visit is logged', async () => {
    const problem = await openProblem(world);
    const invited = await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
      expertId: expert(1).id,
    });
    await expert(1).api.call('POST', `/engagements/${invited.body.id}/accept`, { rev: 1 });
    const active = await world.ownerApi.call('POST', `/engagements/${invited.body.id}/activate`, {
      rev: 2,
    });
    expect(active.status).toBe(200);
    clock.advanceDays(29.9);
    expect(await itemOf(invited.body.id, 'engagement_no_visit')).toBeUndefined();
    clock.advanceDays(0.1);
    const item = await itemOf(invited.body.id, 'engagement_no_visit');
    expect(item?.parties.filter((p) => p.responsible).map((p) => p.role)).toEqual([
      'expert',
      'company',
    ]);
    const visit = await expert(1).api.call('POST', `/engagements/${invited.body.id}/visits`, {
      date: clock.now.toISOString(),
      note: '现场走访',
    });
    expect(visit.status).toBe(201);
    expect(await itemOf(invited.body.id, 'engagement_no_visit')).toBeUndefined();
    // Thirty quiet days after that visit it is stuck again, as a new item with a fresh log.
    clock.advanceDays(30);
    const again = await itemOf(invited.body.id, 'engagement_no_visit');
    expect(again).toBeDefined();
    expect(again?.key).not.toBe(item?.key);
  });

  it('keeps a coordination log, reminds the responsible party in-app and by mail, and resolves', async () => {
    const problem = await openProblem(world, { title: '需要催办的难题' });
    const invited = await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
      expertId: expert(2).id,
    });
    clock.advanceDays(6);
    const item = await itemOf(invited.body.id, 'invitation_unanswered');
    if (!item) throw new Error('not stuck');
    const path = `/stuck/${item.key}`;

    const logged = await world.office.call('POST', `${path}/log`, {
      contact: 'Emily Chen 教授',
      channel: 'phone',
      agreed: '本周五前答复邀请',
    });
    expect(logged.status).toBe(201);
    expect(logged.body.log).toHaveLength(1);

    ctx.mailer.sent.length = 0;
    const reminded = await world.office.call('POST', `${path}/remind`, { note: '请尽快答复。' });
    expect(reminded.status).toBe(201);
    expect(reminded.body).toMatchObject({ kind: 'reminder', mailed: 1 });
    expect(reminded.body.recipients).toEqual(['Emily Chen']);
    expect(ctx.mailer.sent).toHaveLength(1);
    expect(ctx.mailer.sent[0]).toMatchObject({
      to: `${expert(2).actor.userId}@accounts.test`,
      kind: 'stuck_reminder',
    });
    expect(ctx.mailer.sent[0]?.text).toContain('「需要催办的难题」');
    expect(ctx.mailer.sent[0]?.text).toContain('http://localhost:3000/engagements');
    const inbox = await expert(2).api.call('GET', '/notifications');
    const reminder = (inbox.body.items as { kind: string; body: string }[]).find(
      (n) => n.kind === 'stuck_reminder',
    );
    expect(reminder?.body).toContain('已超期 1 天');
    expect(reminder?.body).toContain('请尽快答复。');
    // The company is not responsible for answering an invitation.
    const owner = await world.ownerApi.call('GET', '/notifications?limit=100');
    expect(
      (owner.body.items as { kind: string }[]).filter((n) => n.kind === 'stuck_reminder'),
    ).toEqual([]);

    const listed = await itemOf(invited.body.id, 'invitation_unanswered');
    expect(listed?.log.map((e) => e.kind)).toEqual(['contact', 'reminder']);
    expect(listed?.log[0]).toMatchObject({
      contact: 'Emily Chen 教授',
      channel: 'phone',
      agreed: '本周五前答复邀请',
    });

    const resolved = await world.office.call('POST', `${path}/resolve`, {
      note: '专家已口头答应，下周在系统中接受。',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.resolved).toBe(true);
    expect(await itemOf(invited.body.id, 'invitation_unanswered')).toBeUndefined();
    expect((await world.office.call('POST', `${path}/resolve`, { note: '再次' })).status).toBe(409);

    const audit = await world.office.call('GET', `/events?entityId=${invited.body.id}&limit=50`);
    expect(
      (audit.body.items as { action?: string }[]).map((e) => e.action).filter(Boolean),
    ).toEqual(expect.arrayContaining(['stuck_contact', 'stuck_reminder', 'stuck_resolution']));
  });

  it('answers 404 for an item that is not stuck, and 400 for a malformed key', async () => {
    const problem = await openProblem(world);
    const key = `problem_unengaged.${problem.id}.${Date.parse('2020-01-01').toString(36)}`;
    expect((await world.office.call('POST', `/stuck/${key}/remind`, {})).status).toBe(404);
    expect((await world.office.call('POST', '/stuck/nonsense/remind', {})).status).toBe(400);
  });

  it('lets the office change the days and switch a rule off, with a stale rev refused', async () => {
    const problem = await openProblem(world);
    clock.advanceDays(7);
    expect(await itemOf(problem.id, 'problem_unengaged')).toBeUndefined();
    const rules = await world.office.call('GET', '/stuck/rules');
    expect(rules.body.rev).toBe(0);
    expect(rules.body.rules.map((r: { id: string; days: number }) => [r.id, r.days])).toEqual([
      ['problem_unengaged', 14],
      ['invitation_unanswered', 5],
      ['engagement_no_visit', 30],
    ]);
    const saved = await world.office.call('PUT', '/stuck/rules', {
      rev: 0,
      rules: [{ id: 'problem_unengaged', days: 7, enabled: true }],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.rev).toBe(1);
    expect(await itemOf(problem.id, 'problem_unengaged')).toBeDefined();
    const stale = await world.office.call('PUT', '/stuck/rules', {
      rev: 0,
      rules: [{ id: 'problem_unengaged', days: 3, enabled: true }],
    });
    expect(stale.status).toBe(409);
    const off = await world.office.call('PUT', '/stuck/rules', {
      rev: 1,
      rules: [{ id: 'problem_unengaged', days: 7, enabled: false }],
    });
    expect(off.status).toBe(200);
    const list = await stuck();
    expect(list.items.filter((i) => i.rule === 'problem_unengaged')).toEqual([]);
    expect(list.rules.find((r) => r.id === 'problem_unengaged')?.count).toBe(0);
  });

  it('shows a renamed problem and company as they are now, answered from facts kept in step', async () => {
    const rules = await world.office.call('GET', '/stuck/rules');
    const on = await world.office.call('PUT', '/stuck/rules', {
      rev: rules.body.rev,
      rules: [{ id: 'problem_unengaged', days: 14, enabled: true }],
    });
    expect(on.status).toBe(200);
    const problem = await openProblem(world, { title: '改名前的难题' });
    const invited = await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
      expertId: expert(1).id,
    });
    clock.advanceDays(6);
    expect((await itemOf(invited.body.id, 'invitation_unanswered'))?.problemTitle).toBe(
      '改名前的难题',
    );
    const renamed = await world.ownerApi.call('PATCH', `/problems/${problem.id}`, {
      rev: problem.rev,
      title: '改名后的难题',
    });
    expect(renamed.status).toBe(200);
    expect((await itemOf(problem.id, 'problem_unengaged'))?.problemTitle).toBeUndefined();
    clock.advanceDays(8);
    expect((await itemOf(problem.id, 'problem_unengaged'))?.problemTitle).toBe('改名后的难题');
    const company = await world.office.call('GET', `/organisations/${world.company.id}`);
    const patched = await world.office.call('PATCH', `/organisations/${world.company.id}`, {
      rev: company.body.rev,
      name: '德清精工智能装备有限公司',
    });
    expect(patched.status).toBe(200);
    const item = await itemOf(invited.body.id, 'invitation_unanswered');
    expect(item?.parties.find((p) => p.role === 'company')?.name).toBe('德清精工智能装备有限公司');
    // The engagement keeps the title it was created with, as it did when read from the store.
    expect(item?.problemTitle).toBe('改名前的难题');
  });

  it('is for the office only', async () => {
    expect((await world.ownerApi.call('GET', '/stuck')).status).toBe(403);
    expect((await expert(0).api.call('GET', '/stuck/rules')).status).toBe(403);
    expect((await as(ctx, null).call('GET', '/stuck')).status).toBe(401);
  });
});
