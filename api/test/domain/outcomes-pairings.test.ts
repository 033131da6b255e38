import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers.js';
import { createWorld, openProblem, type World } from './world.js';

describe('outcomes', () => {
  let ctx: TestContext;
  let world: World;
  beforeAll(async () => {
    ctx = await createTestContext();
    world = await createWorld(ctx);
  });
  afterAll(async () => {
    await ctx.close();
  });

  const outcome = {
    summary: '优化保压曲线与模温，缩痕基本消除，良品率由 82% 提升到 97.5%。',
    economicBenefit: { amountFen: 120_000_000 },
    contractAmount: { amountFen: 15_000_000 },
    patents: [{ title: '一种注塑件缩痕在线检测装置' }],
    rating: 5,
  };

  async function solvedProblemWithExpert() {
    const problem = await openProblem(world);
    const expert = world.experts[0];
    if (!expert) throw new Error('no expert');
    const e = (
      await world.ownerApi.call('POST', `/problems/${problem.id}/engagements`, {
        expertId: expert.id,
      })
    ).body;
    await expert.api.call('POST', `/engagements/${e.id}/accept`, { rev: 1 });
    await world.ownerApi.call('POST', `/engagements/${e.id}/activate`, { rev: 2 });
    const current = (await world.ownerApi.call('GET', `/problems/${problem.id}`)).body;
    const solved = await world.ownerApi.call('POST', `/problems/${problem.id}/solve`, {
      rev: current.rev,
    });
    expect(solved.body.status).toBe('solved');
    return { problem, expert };
  }

  it('is confirmed by the company once the problem is solved, and the expert can read it', async () => {
    const open = await openProblem(world);
    expect(
      (await world.ownerApi.call('POST', `/problems/${open.id}/outcome`, outcome)).status,
    ).toBe(409);

    const { problem, expert } = await solvedProblemWithExpert();
    const confirmed = await world.ownerApi.call('POST', `/problems/${problem.id}/outcome`, outcome);
    expect(confirmed.status).toBe(201);
    expect(confirmed.body).toMatchObject({
      rating: 5,
      economicBenefit: { amountFen: 120_000_000, currency: 'CNY' },
    });
    expect(
      (await expert.api.call('GET', `/problems/${problem.id}/outcome`)).body.summary,
    ).toContain('97.5%');
    expect(
      (await world.experts[1]?.api.call('GET', `/problems/${problem.id}/outcome`))?.status,
    ).toBe(404);
    expect((await world.otherOwnerApi.call('GET', `/problems/${problem.id}/outcome`)).status).toBe(
      404,
    );

    const twice = await world.ownerApi.call('POST', `/problems/${problem.id}/outcome`, outcome);
    expect(twice.status).toBe(409);
    const followUp = await world.ownerApi.call(
      'POST',
      `/problems/${problem.id}/outcome/follow-ups`,
      {
        date: '2027-03-01',
        note: '半年回访：良品率稳定在 97% 以上。',
        economicBenefit: { amountFen: 60_000_000 },
      },
    );
    expect(followUp.status).toBe(201);
    expect(followUp.body.followUps).toHaveLength(1);
  });

  it('rejects a rating outside 1–5 and fractional fen', async () => {
    const { problem } = await solvedProblemWithExpert();
    expect(
      (
        await world.ownerApi.call('POST', `/problems/${problem.id}/outcome`, {
          ...outcome,
          rating: 6,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await world.ownerApi.call('POST', `/problems/${problem.id}/outcome`, {
          ...outcome,
          economicBenefit: { amountFen: 10.5 },
        })
      ).status,
    ).toBe(400);
  });
});

describe('programmes and pairings', () => {
  let ctx: TestContext;
  let world: World;
  beforeAll(async () => {
    ctx = await createTestContext();
    world = await createWorld(ctx);
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('proposes, activates and concludes a pairing, and refuses illegal moves', async () => {
    const programme = await world.office.call('POST', '/programmes', {
      name: '2026 年度校地结对计划',
      year: 2026,
    });
    expect(programme.status).toBe(201);
    const expertId = world.experts[0]?.id;
    const pairing = await world.office.call('POST', `/programmes/${programme.body.id}/pairings`, {
      expertId,
      companyId: world.company.id,
    });
    expect(pairing.body).toMatchObject({
      status: 'proposed',
      allowedActions: ['activate'],
      companyName: '德清精工机械有限公司',
    });
    const duplicate = await world.office.call('POST', `/programmes/${programme.body.id}/pairings`, {
      expertId,
      companyId: world.company.id,
    });
    expect(duplicate.status).toBe(409);

    const early = await world.office.call('POST', `/pairings/${pairing.body.id}/conclude`, {
      rev: 1,
    });
    expect(early.status).toBe(409);
    expect(early.body.error.details.allowed).toEqual(['activate']);
    const active = await world.office.call('POST', `/pairings/${pairing.body.id}/activate`, {
      rev: 1,
    });
    expect(active.body.status).toBe('active');
    const concluded = await world.office.call('POST', `/pairings/${pairing.body.id}/conclude`, {
      rev: 2,
      note: '年度结束',
    });
    expect(concluded.body.status).toBe('concluded');

    expect(
      (await world.ownerApi.call('POST', '/programmes', { name: '企业自建计划', year: 2026 }))
        .status,
    ).toBe(403);
    const ownView = await world.ownerApi.call('GET', '/pairings');
    expect(ownView.body.items.map((p: { id: string }) => p.id)).toEqual([pairing.body.id]);
    expect((await world.otherOwnerApi.call('GET', `/pairings/${pairing.body.id}`)).status).toBe(
      404,
    );

    const audit = await world.office.call(
      'GET',
      `/events?entity=pairing&entityId=${pairing.body.id}`,
    );
    expect(audit.body.items.map((e: { to?: string }) => e.to)).toEqual([
      'concluded',
      'active',
      'proposed',
    ]);
    expect((await world.ownerApi.call('GET', '/events')).status).toBe(403);
  });
});
