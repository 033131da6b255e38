import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClock, createTestContext, type TestContext } from '../helpers.js';
import { createWorld, officer, openProblem, type World } from '../domain/world.js';

// The audit viewer's filters over GET /events, on records made on known days.
describe('the audit trail with filters', () => {
  let ctx: TestContext;
  let world: World;
  let problemId = '';
  const clock = createTestClock('2026-03-02T09:00:00+08:00');

  beforeAll(async () => {
    ctx = await createTestContext({ clock });
    world = await createWorld(ctx);
    clock.now = new Date('2026-03-10T09:00:00+08:00');
    const problem = await openProblem(world);
    problemId = problem.id;
    clock.now = new Date('2026-03-20T09:00:00+08:00');
    await world.ownerApi.call('PATCH', `/problems/${problemId}`, {
      rev: problem.rev,
      summary: '更新后的摘要',
    });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('filters by entity, record, actor, type and date range', async () => {
    const problem = await world.office.call('GET', `/events?entity=problem&entityId=${problemId}`);
    expect(problem.body.items.map((e: { type: string }) => e.type)).toEqual([
      'updated',
      'transition',
      'created',
    ]);
    const byOwner = await world.office.call(
      'GET',
      `/events?actorId=${world.owner.userId}&entity=problem`,
    );
    expect(byOwner.body.items).toHaveLength(3);
    const byOfficer = await world.office.call('GET', `/events?actorId=${officer.userId}`);
    expect(
      byOfficer.body.items.every(
        (e: { actor: { userId: string } }) => e.actor.userId === officer.userId,
      ),
    ).toBe(true);
    expect(byOfficer.body.items.some((e: { entityId: string }) => e.entityId === problemId)).toBe(
      false,
    );
    const verifications = await world.office.call('GET', '/events?type=verification');
    expect(verifications.body.items).toHaveLength(6);
    const inRange = await world.office.call('GET', '/events?from=2026-03-15&to=2026-03-21');
    expect(inRange.body.items.map((e: { type: string }) => e.type)).toEqual(['updated']);
    const none = await world.office.call('GET', '/events?from=2026-04-01');
    expect(none.body.items).toEqual([]);
  });

  it('pages with a cursor, without repeats or gaps', async () => {
    const all = await world.office.call('GET', '/events?limit=100');
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await world.office.call(
        'GET',
        `/events?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...page.body.items.map((e: { id: string }) => e.id));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.body.items.map((e: { id: string }) => e.id));
    expect(seen.length).toBeGreaterThan(8);
  });

  it('is for the office only', async () => {
    expect((await world.ownerApi.call('GET', '/events')).status).toBe(403);
  });
});
