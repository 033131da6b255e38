import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestClock,
  createTestContext,
  type TestClock,
  type TestContext,
} from '../helpers.js';
import { createWorld, problemInput, type World } from './world.js';

// A known fixture: four problems opened on known days; engagement and solve times are set by
// moving the clock, so every figure below can be computed by hand.
describe('statistics', () => {
  let ctx: TestContext;
  let world: World;
  let clock: TestClock;

  async function open(overrides: Record<string, unknown> = {}) {
    const draft = (
      await world.ownerApi.call('POST', '/problems', problemInput(world.company.id, overrides))
    ).body;
    return (await world.ownerApi.call('POST', `/problems/${draft.id}/publish`, { rev: draft.rev }))
      .body;
  }

  async function engage(problemId: string, expertIndex: number) {
    const expert = world.experts[expertIndex];
    if (!expert) throw new Error('no expert');
    const e = (
      await world.ownerApi.call('POST', `/problems/${problemId}/engagements`, {
        expertId: expert.id,
      })
    ).body;
    await expert.api.call('POST', `/engagements/${e.id}/accept`, { rev: 1 });
    await world.ownerApi.call('POST', `/engagements/${e.id}/activate`, { rev: 2 });
  }

  async function solve(problemId: string, benefitFen: number) {
    const current = (await world.ownerApi.call('GET', `/problems/${problemId}`)).body;
    await world.ownerApi.call('POST', `/problems/${problemId}/solve`, { rev: current.rev });
    await world.ownerApi.call('POST', `/problems/${problemId}/outcome`, {
      summary: '问题已解决，效果经企业确认。',
      economicBenefit: { amountFen: benefitFen },
      contractAmount: { amountFen: 1_000_000 },
      rating: 4,
    });
  }

  beforeAll(async () => {
    clock = createTestClock('2026-01-05T09:00:00+08:00');
    ctx = await createTestContext({ clock });
    world = await createWorld(ctx);

    // Q1: A opened Jan 5, engaged +2 d, solved +10 d. B opened Jan 5, engaged +4 d, never solved.
    const a = await open({ fields: ['mech.cnc'] });
    const b = await open({ fields: ['mat.polymer'] });
    clock.advanceDays(2);
    await engage(a.id, 0);
    clock.advanceDays(2);
    await engage(b.id, 1);
    clock.advanceDays(6);
    await solve(a.id, 50_000_000);

    // Q2: C opened Apr 1, engaged +6 d, solved +30 d. D opened Apr 1, closed unsolved.
    clock.now = new Date('2026-04-01T09:00:00+08:00');
    const c = await open({ fields: ['mech.cnc', 'mat.polymer'] });
    const d = await open({ fields: ['geo.rs'] });
    clock.advanceDays(6);
    await engage(c.id, 0);
    clock.advanceDays(24);
    await solve(c.id, 30_000_000);
    await world.ownerApi.call('POST', `/problems/${d.id}/close`, {
      rev: d.rev,
      reasonCode: 'no_suitable_expert',
    });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('counts posted, engaged, solved and closed per quarter with median and p90 days', async () => {
    const res = await world.office.call('GET', '/stats/problems?groupBy=quarter');
    expect(res.status).toBe(200);
    expect(res.body.rows).toEqual([
      expect.objectContaining({
        key: '2026Q1',
        posted: 2,
        engaged: 2,
        solved: 1,
        closed: 0,
        solvedRate: 0.5,
        daysToFirstEngagement: { n: 2, median: 3, p90: 3.8 },
        daysToSolved: { n: 1, median: 10, p90: 10 },
        economicBenefitFen: 50_000_000,
      }),
      expect.objectContaining({
        key: '2026Q2',
        posted: 2,
        engaged: 1,
        solved: 1,
        closed: 1,
        daysToFirstEngagement: { n: 1, median: 6, p90: 6 },
        daysToSolved: { n: 1, median: 30, p90: 30 },
        economicBenefitFen: 30_000_000,
      }),
    ]);
    expect(res.body.total).toMatchObject({
      posted: 4,
      solved: 2,
      solvedRate: 0.5,
      daysToSolved: { n: 2, median: 20, p90: 28 },
      economicBenefitFen: 80_000_000,
    });
  });

  it('groups by field (a problem counts in each of its fields), university and town', async () => {
    const byField = await world.office.call('GET', '/stats/problems?groupBy=field');
    const cnc = byField.body.rows.find((row: { key: string }) => row.key === 'mech.cnc');
    expect(cnc).toMatchObject({ posted: 2, solved: 2 });
    expect(cnc.label).not.toBe('mech.cnc');

    const byUniversity = await world.office.call('GET', '/stats/problems?groupBy=university');
    expect(byUniversity.body.rows[0]).toMatchObject({
      key: world.university.id,
      label: '浙江工业大学',
      posted: 3,
      engaged: 3,
      solved: 2,
    });
    expect(byUniversity.body.rows[1]).toMatchObject({ key: '—', posted: 1 });

    const byTown = await world.office.call('GET', '/stats/problems?groupBy=town', undefined);
    expect(byTown.body.rows).toEqual([expect.objectContaining({ key: '乾元镇', posted: 4 })]);
  });

  it('filters by the date a problem was opened and shows the funnel', async () => {
    const q2 = await world.office.call('GET', '/stats/problems?from=2026-04-01&to=2026-07-01');
    expect(q2.body.total.posted).toBe(2);
    const funnel = await world.office.call('GET', '/stats/funnel');
    expect(funnel.body).toEqual({
      problems: { solved: 2, in_progress: 1, closed: 1 },
      engagements: { active: 3 },
    });
  });

  it('is for the talent office only', async () => {
    expect((await world.ownerApi.call('GET', '/stats/problems')).status).toBe(403);
    expect((await world.experts[0]?.api.call('GET', '/stats/funnel'))?.status).toBe(403);
  });
});
