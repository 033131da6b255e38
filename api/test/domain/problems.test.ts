import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../helpers.js';
import { as, createWorld, openProblem, problemInput, type World } from './world.js';

describe('problem lifecycle', () => {
  let ctx: TestContext;
  let world: World;
  beforeAll(async () => {
    ctx = await createTestContext();
    world = await createWorld(ctx);
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('creates a problem as a draft with money in fen and dates in Shanghai time', async () => {
    const res = await world.ownerApi.call('POST', '/problems', problemInput(world.company.id));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'draft',
      rev: 1,
      companyName: '德清精工机械有限公司',
      town: '乾元镇',
      budget: { min: { amountFen: 5_000_000, currency: 'CNY' } },
      deadline: '2027-06-30T00:00:00.000+08:00',
      allowedActions: ['publish', 'withdraw'],
    });
    expect(res.body.id).toMatch(/^prb_/);
  });

  it('walks draft → open → in_progress → solved, each step recorded as an event', async () => {
    const draft = (await world.ownerApi.call('POST', '/problems', problemInput(world.company.id)))
      .body;
    const open = await world.ownerApi.call('POST', `/problems/${draft.id}/publish`, {
      rev: 1,
      note: '发布',
    });
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({
      status: 'open',
      rev: 2,
      allowedActions: ['withdraw', 'start', 'close'],
    });
    expect(open.body.openedAt).toMatch(/\+08:00$/);
    const started = await world.ownerApi.call('POST', `/problems/${draft.id}/start`, { rev: 2 });
    expect(started.body.status).toBe('in_progress');
    const solved = await world.ownerApi.call('POST', `/problems/${draft.id}/solve`, { rev: 3 });
    expect(solved.body).toMatchObject({ status: 'solved', allowedActions: [] });

    const timeline = await world.ownerApi.call('GET', `/problems/${draft.id}/events`);
    expect(
      timeline.body.items.map((e: { type: string; from?: string; to?: string }) => [
        e.type,
        e.from,
        e.to,
      ]),
    ).toEqual([
      ['created', undefined, 'draft'],
      ['transition', 'draft', 'open'],
      ['transition', 'open', 'in_progress'],
      ['transition', 'in_progress', 'solved'],
    ]);
    expect(timeline.body.items[1]).toMatchObject({
      action: 'publish',
      note: '发布',
      actor: { userId: 'usr_owner', role: 'company_owner' },
    });
  });

  it('withdraws from draft and from open, never from in_progress', async () => {
    const fromDraft = (
      await world.ownerApi.call('POST', '/problems', problemInput(world.company.id))
    ).body;
    expect(
      (await world.ownerApi.call('POST', `/problems/${fromDraft.id}/withdraw`, { rev: 1 })).body
        .status,
    ).toBe('withdrawn');

    const fromOpen = await openProblem(world);
    expect(
      (
        await world.ownerApi.call('POST', `/problems/${fromOpen.id}/withdraw`, {
          rev: fromOpen.rev,
        })
      ).body.status,
    ).toBe('withdrawn');

    const busy = await openProblem(world);
    const started = (
      await world.ownerApi.call('POST', `/problems/${busy.id}/start`, { rev: busy.rev })
    ).body;
    const refused = await world.ownerApi.call('POST', `/problems/${busy.id}/withdraw`, {
      rev: started.rev,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'INVALID_TRANSITION',
      details: { state: 'in_progress', action: 'withdraw', allowed: ['solve', 'close'] },
    });
  });

  it('answers every illegal move with 409 and the allowed moves, changing nothing', async () => {
    const table: [string, string, string[]][] = [
      ['draft', 'start', ['publish', 'withdraw']],
      ['draft', 'solve', ['publish', 'withdraw']],
      ['draft', 'close', ['publish', 'withdraw']],
      ['open', 'publish', ['withdraw', 'start', 'close']],
      ['open', 'solve', ['withdraw', 'start', 'close']],
    ];
    for (const [state, action, allowed] of table) {
      const problem =
        state === 'draft'
          ? (await world.ownerApi.call('POST', '/problems', problemInput(world.company.id))).body
          : await openProblem(world);
      const res = await world.ownerApi.call('POST', `/problems/${problem.id}/${action}`, {
        rev: problem.rev,
        reasonCode: 'other',
      });
      expect(res.status, `${state} → ${action}`).toBe(409);
      expect(res.body.error.details).toMatchObject({ state, action, allowed });
      const after = await world.ownerApi.call('GET', `/problems/${problem.id}`);
      expect(after.body).toMatchObject({ status: state, rev: problem.rev });
    }
    const solved = await openProblem(world);
    const s1 = (
      await world.ownerApi.call('POST', `/problems/${solved.id}/start`, { rev: solved.rev })
    ).body;
    const s2 = (await world.ownerApi.call('POST', `/problems/${solved.id}/solve`, { rev: s1.rev }))
      .body;
    for (const action of ['publish', 'withdraw', 'start', 'solve', 'close']) {
      const res = await world.ownerApi.call('POST', `/problems/${solved.id}/${action}`, {
        rev: s2.rev,
        reasonCode: 'other',
      });
      expect(res.status).toBe(409);
      expect(res.body.error.details.allowed).toEqual([]);
    }
  });

  it('closes only with a reason code from the fixed list', async () => {
    const problem = await openProblem(world);
    const none = await world.ownerApi.call('POST', `/problems/${problem.id}/close`, {
      rev: problem.rev,
    });
    expect(none.status).toBe(400);
    const bad = await world.ownerApi.call('POST', `/problems/${problem.id}/close`, {
      rev: problem.rev,
      reasonCode: 'bored',
    });
    expect(bad.status).toBe(400);
    const ok = await world.ownerApi.call('POST', `/problems/${problem.id}/close`, {
      rev: problem.rev,
      reasonCode: 'no_longer_needed',
      note: '产线调整，需求取消',
    });
    expect(ok.body).toMatchObject({ status: 'closed', closeReason: 'no_longer_needed' });
  });

  it('lets one of two concurrent edits win and answers the other 409 with the current rev', async () => {
    const problem = (await world.ownerApi.call('POST', '/problems', problemInput(world.company.id)))
      .body;
    const [a, b] = await Promise.all([
      world.ownerApi.call('PATCH', `/problems/${problem.id}`, {
        rev: 1,
        title: '注塑缩痕：方案甲',
      }),
      world.ownerApi.call('PATCH', `/problems/${problem.id}`, {
        rev: 1,
        title: '注塑缩痕：方案乙',
      }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const winner = a.status === 200 ? a : b;
    expect(loser.body.error).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'stale_rev', currentRev: 2 },
    });
    const stored = await world.ownerApi.call('GET', `/problems/${problem.id}`);
    expect(stored.body).toMatchObject({ title: winner.body.title, rev: 2 });
  });

  it('lets one of two concurrent transitions win', async () => {
    const problem = await openProblem(world);
    const [a, b] = await Promise.all([
      world.ownerApi.call('POST', `/problems/${problem.id}/start`, { rev: problem.rev }),
      world.ownerApi.call('POST', `/problems/${problem.id}/withdraw`, { rev: problem.rev }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const events = await world.ownerApi.call('GET', `/problems/${problem.id}/events`);
    expect(events.body.items.filter((e: { type: string }) => e.type === 'transition')).toHaveLength(
      2,
    );
  });

  it('clears an optional field with null and refuses edits once finished', async () => {
    const problem = (await world.ownerApi.call('POST', '/problems', problemInput(world.company.id)))
      .body;
    const cleared = await world.ownerApi.call('PATCH', `/problems/${problem.id}`, {
      rev: 1,
      budget: null,
      deadline: null,
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.budget).toBeUndefined();
    expect(cleared.body.deadline).toBeUndefined();
    const withdrawn = await world.ownerApi.call('POST', `/problems/${problem.id}/withdraw`, {
      rev: 2,
    });
    const edit = await world.ownerApi.call('PATCH', `/problems/${problem.id}`, {
      rev: withdrawn.body.rev,
      title: '再改一次标题',
    });
    expect(edit.status).toBe(409);
  });

  it("keeps other companies and experts out of a company's writes", async () => {
    const problem = (await world.ownerApi.call('POST', '/problems', problemInput(world.company.id)))
      .body;
    expect(
      (await world.otherOwnerApi.call('POST', '/problems', problemInput(world.company.id))).status,
    ).toBe(403);
    // A draft is invisible to others: 404, as if it did not exist.
    expect(
      (await world.otherOwnerApi.call('POST', `/problems/${problem.id}/publish`, { rev: 1 }))
        .status,
    ).toBe(404);
    const open = await openProblem(world, { confidentiality: 'public' });
    expect(
      (
        await world.otherOwnerApi.call('POST', `/problems/${open.id}/close`, {
          rev: open.rev,
          reasonCode: 'other',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await world.experts[0]?.api.call('PATCH', `/problems/${open.id}`, {
          rev: open.rev,
          title: '专家改标题',
        })
      )?.status,
    ).toBe(403);
    expect((await as(ctx, null).call('GET', `/problems/${open.id}`)).status).toBe(401);
  });

  it('validates field codes against the taxonomy and keywords are normalised', async () => {
    const bad = await world.ownerApi.call(
      'POST',
      '/problems',
      problemInput(world.company.id, { fields: ['not.a.field'] }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fieldErrors.fields).toBeDefined();
    const ok = await world.ownerApi.call(
      'POST',
      '/problems',
      problemInput(world.company.id, { keywords: ['  ＣＮＣ  ', 'cnc', '注塑'] }),
    );
    expect(ok.body.keywords).toEqual(['cnc', '注塑']);
  });
});
