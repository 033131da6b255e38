import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../src/app.js';
import { createLogger } from '../../src/lib/logger.js';
import { solveAssignment } from '../../src/matching/assignment/index.js';
import { createEmbeddedEngine } from '../../src/search/embedded.js';
import { createIndexer, type Indexer } from '../../src/search/indexer.js';
import type { SearchEngine } from '../../src/search/index.js';
import { as, createWorld, openProblem, problemInput, type World } from '../domain/world.js';
import { createTestContext, type TestContext } from '../helpers.js';

interface Pair {
  expertId: string;
  targetId: string;
  affinity: number;
}

let ctx: TestContext;
let engine: SearchEngine;
let indexer: Indexer;
let world: World;
let programmeId: string;
let problemIds: string[];
let expertIds: string[];

async function runUntilDone(body: Record<string, unknown>, programme = programmeId) {
  const started = await world.office.call('POST', `/programmes/${programme}/pairing-runs`, body);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  return waitFor(started.body.id as string);
}

async function waitFor(id: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await world.office.call('GET', `/pairing-runs/${id}`);
    expect(res.status).toBe(200);
    if (!['queued', 'running'].includes(res.body.status as string)) return res.body;
    if (Date.now() > deadline) throw new Error(`run ${id} still ${res.body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every subset of the candidate pairs that satisfies the limits; the best total affinity. */
function bruteForce(input: {
  experts: { id: string; capacity: number }[];
  targets: { id: string; minExperts: number; maxExperts: number }[];
  pairs: Pair[];
}): number {
  let best = -1;
  const n = input.pairs.length;
  for (let mask = 0; mask < 1 << n; mask++) {
    const chosen = input.pairs.filter((_, i) => (mask >> i) & 1);
    const fits =
      input.experts.every((e) => chosen.filter((p) => p.expertId === e.id).length <= e.capacity) &&
      input.targets.every((t) => {
        const load = chosen.filter((p) => p.targetId === t.id).length;
        return load >= t.minExperts && load <= t.maxExperts;
      });
    if (fits)
      best = Math.max(
        best,
        chosen.reduce((sum, p) => sum + p.affinity, 0),
      );
  }
  return best;
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
  const moulding = await openProblem(world);
  const machining = await openProblem(world, {
    title: '数控机床主轴热变形导致精度下降',
    summary: '连续加工两小时后孔径偏差超过 0.02 mm。',
    description: '立式加工中心主轴温升明显，数控机床热变形导致孔径偏差，希望给出热误差补偿方案。',
    fields: ['mech.cnc'],
    keywords: ['数控', '热变形'],
    confidentiality: 'public',
  });
  const created = await world.otherOwnerApi.call(
    'POST',
    '/problems',
    problemInput(world.otherCompany.id, {
      title: '农田遥感监测作物长势',
      summary: '需要用无人机遥感监测大棚外作物长势。',
      description: '希望用无人机多光谱遥感影像评估作物水分胁迫，指导灌溉。',
      fields: ['geo.rs'],
      keywords: ['遥感', '无人机'],
      confidentiality: 'private',
    }),
  );
  expect(created.status).toBe(201);
  const sensing = await world.otherOwnerApi.call('POST', `/problems/${created.body.id}/publish`, {
    rev: created.body.rev,
  });
  expect(sensing.status).toBe(200);
  problemIds = [moulding.id, machining.id, sensing.body.id];
  expertIds = world.experts.map((e) => e.id);
  const programme = await world.office.call('POST', '/programmes', {
    name: '2026 年度校地结对计划',
    year: 2026,
  });
  programmeId = programme.body.id;
  // A private problem is scored from its own side, among the experts the search finds for it.
  await indexer.runOnce();
}, 60_000);

afterAll(async () => {
  await indexer.stop();
  await engine.close();
  await ctx.close();
});

describe('pairing runs', () => {
  it('pairs a small cohort with the proven optimum and each pair’s reasons', async () => {
    const run = await runUntilDone({ expertIds, problemIds, capacity: 1, maxExperts: 1 });
    expect(run.status).toBe('done');
    expect(run.result.status).toBe('optimal');
    expect(run.result.proof).toBe('lp-integral');
    expect(run.result.bound).toBeCloseTo(run.result.objective, 6);

    const stored = await ctx.store.db.collection('pairing_runs').findOne({ _id: run.id });
    const input = stored?.input as Parameters<typeof bruteForce>[0];
    expect(input.pairs.length).toBeGreaterThan(0);
    expect(run.result.objective).toBeCloseTo(bruteForce(input), 6);

    const byProblem = new Map(
      run.result.pairs.map((p: { targetId: string; expertId: string }) => [p.targetId, p.expertId]),
    );
    // Each expert's field and keywords fit exactly one problem.
    expect(byProblem.get(problemIds[0])).toBe(expertIds[1]);
    expect(byProblem.get(problemIds[1])).toBe(expertIds[0]);
    expect(byProblem.get(problemIds[2])).toBe(expertIds[2]);
    const moulding = run.result.pairs.find(
      (p: { targetId: string }) => p.targetId === problemIds[0],
    );
    expect(moulding.reasons.matchedFields).toContain('mat.polymer');
    expect(moulding.expertName).toBe('刘洋');
    expect(moulding.companyName).toBe(world.company.name);
    expect(run.cohort.candidatePairs).toBe(input.pairs.length);
  });

  it('respects capacities, minimums, maximums, forbidden and pinned pairs', async () => {
    const forbidden = [{ expertId: expertIds[1], targetId: problemIds[0] }];
    const required = [{ expertId: expertIds[2], targetId: problemIds[1] }];
    const run = await runUntilDone({
      expertIds,
      problemIds,
      capacity: 2,
      capacities: [{ expertId: expertIds[0], capacity: 1 }],
      minExperts: 1,
      maxExperts: 2,
      limits: [{ targetId: problemIds[2], minExperts: 0, maxExperts: 1 }],
      forbidden,
      required,
    });
    expect(run.result.status).toBe('optimal');
    const pairs = run.result.pairs as { expertId: string; targetId: string; required: boolean }[];
    const load = (key: 'expertId' | 'targetId', id: string) =>
      pairs.filter((p) => p[key] === id).length;
    expect(load('expertId', expertIds[0] ?? '')).toBeLessThanOrEqual(1);
    for (const id of expertIds) expect(load('expertId', id)).toBeLessThanOrEqual(2);
    expect(load('targetId', problemIds[0] ?? '')).toBeGreaterThanOrEqual(1);
    expect(load('targetId', problemIds[1] ?? '')).toBeGreaterThanOrEqual(1);
    expect(load('targetId', problemIds[2] ?? '')).toBeLessThanOrEqual(1);
    for (const id of problemIds) expect(load('targetId', id)).toBeLessThanOrEqual(2);
    expect(pairs.some((p) => p.expertId === expertIds[1] && p.targetId === problemIds[0])).toBe(
      false,
    );
    const pinned = pairs.find((p) => p.expertId === expertIds[2] && p.targetId === problemIds[1]);
    expect(pinned?.required).toBe(true);
    for (const l of run.result.expertLoads) expect(l.load).toBeLessThanOrEqual(l.capacity);
  });

  it('explains why settings cannot be met, naming the limits in the caller’s language', async () => {
    const run = await runUntilDone({
      expertIds,
      problemIds,
      capacity: 1,
      minExperts: 2,
      maxExperts: 2,
    });
    expect(run.status).toBe('done');
    expect(run.result.status).toBe('infeasible');
    expect(run.result.pairs).toEqual([]);
    expect(run.result.infeasibility.length).toBeGreaterThan(0);
    const messages = run.result.infeasibility.map((r: { message: string }) => r.message).join('\n');
    expect(messages).toMatch(/[专家目标]/);
    // Ids in the solver's messages are replaced by names the office recognises.
    expect(messages).not.toMatch(/prb_|exp_/);
    const applied = await world.office.call('POST', `/pairing-runs/${run.id}/apply`, {});
    expect(applied.status).toBe(409);
    expect(applied.body.error.code).toBe('INVALID_TRANSITION');

    const pinnedConflict = await runUntilDone({
      expertIds,
      problemIds,
      capacity: 1,
      required: [
        { expertId: expertIds[0], targetId: problemIds[0] },
        { expertId: expertIds[0], targetId: problemIds[1] },
      ],
    });
    expect(pinnedConflict.result.status).toBe('infeasible');
    expect(pinnedConflict.result.infeasibility[0].code).toBe('required_over_capacity');
    expect(pinnedConflict.result.infeasibility[0].message).toContain('张伟');
  });

  it('cancels a queued run and refuses to cancel or apply it again', async () => {
    const started = await world.office.call('POST', `/programmes/${programmeId}/pairing-runs`, {
      expertIds,
      problemIds,
    });
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('queued');
    const cancelled = await world.office.call(
      'POST',
      `/pairing-runs/${started.body.id}/cancel`,
      {},
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const later = await world.office.call('GET', `/pairing-runs/${started.body.id}`);
    expect(later.body.status).toBe('cancelled');
    expect(later.body.result).toBeUndefined();
    const again = await world.office.call('POST', `/pairing-runs/${started.body.id}/cancel`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.details.state).toBe('cancelled');
    expect(
      (await world.office.call('POST', `/pairing-runs/${started.body.id}/apply`, {})).status,
    ).toBe(409);
  });

  it('gives the same result for the same input, and compares a rerun with the previous run', async () => {
    const first = await runUntilDone({ expertIds, problemIds, capacity: 1 });
    const same = await runUntilDone({ basedOn: first.id, capacity: 1 });
    expect(same.basedOn).toBe(first.id);
    expect(same.result.pairs).toEqual(first.result.pairs);
    expect(same.result.objective).toBe(first.result.objective);
    expect(same.comparison).toMatchObject({
      previousRunId: first.id,
      added: [],
      removed: [],
      objectiveDelta: 0,
    });

    const runs = ctx.store.db.collection('pairing_runs');
    const [a, b] = await Promise.all([
      runs.findOne({ _id: first.id }),
      runs.findOne({ _id: same.id }),
    ]);
    expect(b?.input).toEqual(a?.input);
    const again = await solveAssignment(a?.input);
    expect(again.pairs).toEqual(a?.result.pairs);

    const dropped = first.result.pairs[0] as Pair;
    const rerun = await runUntilDone({
      basedOn: same.id,
      capacity: 1,
      forbidden: [{ expertId: dropped.expertId, targetId: dropped.targetId }],
    });
    expect(rerun.comparison.previousRunId).toBe(same.id);
    expect(rerun.comparison.removed).toContainEqual({
      expertId: dropped.expertId,
      targetId: dropped.targetId,
      affinity: dropped.affinity,
    });
    expect(rerun.comparison.objectiveDelta).toBeLessThanOrEqual(0);
  });

  it('applies a run once: pairings and invitations with events, nothing created twice', async () => {
    const programme = await world.office.call('POST', '/programmes', {
      name: '应用测试计划',
      year: 2026,
    });
    const run = await runUntilDone({ expertIds, problemIds, capacity: 1 }, programme.body.id);
    expect(run.result.pairs.length).toBe(3);

    const applied = await world.office.call('POST', `/pairing-runs/${run.id}/apply`, {});
    expect(applied.status).toBe(200);
    expect(applied.body.applied.pairingIds).toHaveLength(3);
    expect(applied.body.applied.engagementIds).toHaveLength(3);
    expect(applied.body.applied.by).toBe('王科长');

    const twice = await world.office.call('POST', `/pairing-runs/${run.id}/apply`, {});
    expect(twice.status).toBe(200);
    expect(twice.body.applied).toEqual(applied.body.applied);

    // A rerun with the same pairs applied on top reuses every pairing and engagement.
    const rerun = await runUntilDone({ basedOn: run.id, capacity: 1 }, programme.body.id);
    const reapplied = await world.office.call('POST', `/pairing-runs/${rerun.id}/apply`, {});
    expect(reapplied.body.applied.engagementIds.sort()).toEqual(
      [...applied.body.applied.engagementIds].sort(),
    );

    const pairings = await world.office.call(
      'GET',
      `/pairings?programmeId=${programme.body.id}&limit=50`,
    );
    expect(pairings.body.items).toHaveLength(3);
    for (const engagementId of applied.body.applied.engagementIds as string[]) {
      const engagement = await world.office.call('GET', `/engagements/${engagementId}`);
      expect(engagement.body.status).toBe('invited');
      expect(applied.body.applied.pairingIds).toContain(engagement.body.pairingId);
      const events = await world.office.call(
        'GET',
        `/events?entity=engagement&entityId=${engagementId}`,
      );
      expect(events.body.items.map((e: { type: string }) => e.type)).toEqual(['created']);
    }
    const pairingEvents = await world.office.call(
      'GET',
      `/events?entity=pairing&entityId=${applied.body.applied.pairingIds[0]}`,
    );
    expect(pairingEvents.body.items).toHaveLength(1);

    // The invited expert sees the invitation.
    const expert = world.experts.find((e) =>
      run.result.pairs.some((p: Pair) => p.expertId === e.id),
    );
    const mine = await expert?.api.call('GET', '/engagements?limit=50');
    expect(mine?.body.items.some((e: { status: string }) => e.status === 'invited')).toBe(true);

    // The applied pairs now conflict as existing engagements, so a fresh run proposes others.
    const fresh = await runUntilDone({ expertIds, problemIds, capacity: 1 }, programme.body.id);
    const fresher = fresh.result.pairs.map((p: Pair) => `${p.expertId}|${p.targetId}`);
    for (const p of run.result.pairs as Pair[])
      expect(fresher).not.toContain(`${p.expertId}|${p.targetId}`);
  });

  it('pairs with companies through their best open problem', async () => {
    const run = await runUntilDone({
      expertIds,
      companyIds: [world.company.id, world.otherCompany.id],
      capacity: 1,
      maxExperts: 2,
    });
    expect(run.result.status).toBe('optimal');
    expect(run.cohort.targets.map((t: { kind: string }) => t.kind)).toEqual(['company', 'company']);
    for (const pair of run.result.pairs as { targetId: string; problemId: string }[]) {
      expect([world.company.id, world.otherCompany.id]).toContain(pair.targetId);
      expect(pair.problemId).toMatch(/^prb_/);
    }
  });

  it('rejects bad settings and callers who are not the office', async () => {
    const path = `/programmes/${programmeId}/pairing-runs`;
    const bad = await world.office.call('POST', path, { expertIds, minExperts: 3, maxExperts: 1 });
    expect(bad.status).toBe(400);
    const stray = await world.office.call('POST', path, {
      expertIds,
      problemIds: problemIds.slice(0, 1),
      required: [{ expertId: expertIds[0], targetId: problemIds[1] }],
    });
    expect(stray.status).toBe(400);
    expect((await world.ownerApi.call('POST', path, { expertIds, problemIds })).status).toBe(403);
    expect(
      (await as(ctx, null).call('GET', `/programmes/${programmeId}/pairing-runs`)).status,
    ).toBe(401);
    const list = await world.office.call('GET', `/programmes/${programmeId}/pairing-runs`);
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
  });
});
