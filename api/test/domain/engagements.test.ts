import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers.js';
import { createWorld, openProblem, type World } from './world.js';

describe('engagement lifecycle', () => {
  let ctx: TestContext;
  let world: World;
  beforeAll(async () => {
    ctx = await createTestContext();
    world = await createWorld(ctx, { capacity: 2 });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const expert = (i: number) => {
    const e = world.experts[i];
    if (!e) throw new Error('no such expert');
    return e;
  };

  it('takes an invitation through accept, activate, a visit and solve; the problem follows', async () => {
    const problem = await openProblem(world);
    const invited = await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
      expertId: expert(0).id,
      note: '诚邀张教授',
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({
      status: 'invited',
      origin: 'invited',
      allowedActions: [],
    });
    const asExpert = await expert(0).api.call('GET', `/engagements/${invited.body.id}`);
    expect(asExpert.body.allowedActions).toEqual(['accept', 'decline']);

    const accepted = await expert(0).api.call('POST', `/engagements/${invited.body.id}/accept`, {
      rev: 1,
    });
    expect(accepted.body).toMatchObject({ status: 'accepted' });
    const engagedProblem = await world.ownerApi.call('GET', `/problems/${problem.id}`);
    expect(engagedProblem.body.firstEngagedAt).toBeDefined();

    const active = await world.ownerApi.call('POST', `/engagements/${invited.body.id}/activate`, {
      rev: 2,
    });
    expect(active.body.status).toBe('active');
    const started = await world.ownerApi.call('GET', `/problems/${problem.id}`);
    expect(started.body.status).toBe('in_progress');

    const visit = await expert(0).api.call('POST', `/engagements/${invited.body.id}/visits`, {
      kind: 'visit',
      date: '2026-11-20',
      place: '乾元镇 德清精工 二号车间',
      participants: ['张伟', '陈总'],
      note: '现场查看注塑机参数，建议提高模温 10℃ 并延长保压 2 秒。',
    });
    expect(visit.status).toBe(201);
    expect(visit.body).toMatchObject({
      kind: 'visit',
      date: '2026-11-20T00:00:00.000+08:00',
      createdBy: { name: '张伟' },
    });
    const visits = await world.ownerApi.call('GET', `/engagements/${invited.body.id}/visits`);
    expect(visits.body.items).toHaveLength(1);
    const afterVisit = await world.ownerApi.call('GET', `/engagements/${invited.body.id}`);
    expect(afterVisit.body.lastVisitAt).toBe('2026-11-20T00:00:00.000+08:00');

    // Only the company confirms that the work is solved.
    const byExpert = await expert(0).api.call('POST', `/engagements/${invited.body.id}/solve`, {
      rev: afterVisit.body.rev,
    });
    expect(byExpert.status).toBe(403);
    const solved = await world.ownerApi.call('POST', `/engagements/${invited.body.id}/solve`, {
      rev: afterVisit.body.rev,
    });
    expect(solved.body.status).toBe('solved');
  });

  it('lets only the invited side answer: the expert an invitation, the company an interest', async () => {
    const problem = await openProblem(world, { confidentiality: 'public' });
    const invited = (
      await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
        expertId: expert(1).id,
      })
    ).body;
    expect(
      (await world.ownerApi.call('POST', `/engagements/${invited.id}/accept`, { rev: 1 })).status,
    ).toBe(403);

    const interest = await expert(2).api.call('POST', `/problems/${problem.id}/interest`, {
      note: '我们做过类似项目',
    });
    expect(interest.status).toBe(201);
    expect(interest.body).toMatchObject({ status: 'interested', origin: 'interested' });
    expect(
      (await expert(2).api.call('POST', `/engagements/${interest.body.id}/accept`, { rev: 1 }))
        .status,
    ).toBe(403);
    expect(
      (await world.ownerApi.call('POST', `/engagements/${interest.body.id}/accept`, { rev: 1 }))
        .body.status,
    ).toBe('accepted');
  });

  it('declines with a reason code and never creates the same pair again', async () => {
    const problem = await openProblem(world);
    const invited = (
      await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
        expertId: expert(2).id,
      })
    ).body;
    const noReason = await expert(2).api.call('POST', `/engagements/${invited.id}/decline`, {
      rev: 1,
    });
    expect(noReason.status).toBe(400);
    const wrongList = await expert(2).api.call('POST', `/engagements/${invited.id}/decline`, {
      rev: 1,
      reasonCode: 'company_withdrew',
    });
    expect(wrongList.status).toBe(400);
    const declined = await expert(2).api.call('POST', `/engagements/${invited.id}/decline`, {
      rev: 1,
      reasonCode: 'outside_expertise',
      note: '不在我的研究方向',
    });
    expect(declined.body).toMatchObject({ status: 'declined', reasonCode: 'outside_expertise' });
    const again = await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
      expertId: expert(2).id,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
  });

  it('refuses an acceptance beyond the expert’s capacity', async () => {
    // Expert 1 has capacity 2 and no accepted engagement yet.
    const problems = [await openProblem(world), await openProblem(world), await openProblem(world)];
    const invitations = [];
    for (const problem of problems) {
      invitations.push(
        (
          await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
            expertId: expert(1).id,
          })
        ).body,
      );
    }
    const [first, second, third] = invitations;
    expect(
      (await expert(1).api.call('POST', `/engagements/${first.id}/accept`, { rev: 1 })).status,
    ).toBe(200);
    expect(
      (await expert(1).api.call('POST', `/engagements/${second.id}/accept`, { rev: 1 })).status,
    ).toBe(200);
    const full = await expert(1).api.call('POST', `/engagements/${third.id}/accept`, { rev: 1 });
    expect(full.status).toBe(409);
    expect(full.body.error.details).toMatchObject({
      reason: 'no_capacity',
      active: 2,
      capacity: 2,
    });
    expect((await expert(1).api.call('GET', `/engagements/${third.id}`)).body.status).toBe(
      'invited',
    );
    const profile = await world.office.call('GET', `/experts/${expert(1).id}`);
    expect(profile.body).toMatchObject({ activeEngagements: 2, remainingCapacity: 0 });
  });

  it('answers illegal engagement moves with 409 and the allowed ones', async () => {
    const problem = await openProblem(world);
    const invited = (
      await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
        expertId: expert(0).id,
      })
    ).body;
    const early = await world.ownerApi.call('POST', `/engagements/${invited.id}/activate`, {
      rev: 1,
    });
    expect(early.status).toBe(409);
    expect(early.body.error.details).toMatchObject({
      state: 'invited',
      allowed: ['accept', 'decline'],
    });
    const visit = await world.ownerApi.call('POST', `/engagements/${invited.id}/visits`, {
      date: '2026-11-01',
      note: '提前走访',
    });
    expect(visit.status).toBe(409);
  });

  it('abandons an active engagement with a reason', async () => {
    const problem = await openProblem(world);
    const e = (
      await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
        expertId: expert(0).id,
      })
    ).body;
    await expert(0).api.call('POST', `/engagements/${e.id}/accept`, { rev: 1 });
    await expert(0).api.call('POST', `/engagements/${e.id}/activate`, { rev: 2 });
    const abandoned = await expert(0).api.call('POST', `/engagements/${e.id}/abandon`, {
      rev: 3,
      reasonCode: 'technically_infeasible',
    });
    expect(abandoned.body).toMatchObject({
      status: 'abandoned',
      reasonCode: 'technically_infeasible',
    });
  });

  it('hides an engagement from everyone but its parties and the office', async () => {
    const problem = await openProblem(world, { confidentiality: 'public' });
    const e = (
      await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
        expertId: expert(0).id,
      })
    ).body;
    expect((await world.otherOwnerApi.call('GET', `/engagements/${e.id}`)).status).toBe(404);
    expect((await expert(1).api.call('GET', `/engagements/${e.id}`)).status).toBe(404);
    expect((await world.office.call('GET', `/engagements/${e.id}`)).status).toBe(200);
    const mine = await expert(1).api.call('GET', '/engagements?limit=100');
    expect(
      mine.body.items.every((item: { expertId: string }) => item.expertId === expert(1).id),
    ).toBe(true);
  });
});
