import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/lib/errors.js';
import {
  greedyAssignment,
  pruneTopK,
  solveAssignment,
} from '../../../src/matching/assignment/index.js';
import type {
  AssignmentInputRaw,
  AssignmentResult,
} from '../../../src/matching/assignment/index.js';
import { bruteForce, random, randomInstance } from './instances.js';

const seeds = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);

function expectLimitsRespected(input: AssignmentInputRaw, result: AssignmentResult): void {
  const forbidSame = input.conflicts?.forbidSameOrganisation ?? true;
  const org = new Map([...input.experts, ...input.targets].map((x) => [x.id, x.organisationId]));
  const forbidden = new Set(
    (input.conflicts?.forbidden ?? []).map((f) => `${f.expertId}|${f.targetId}`),
  );
  const chosen = new Set(result.pairs.map((p) => `${p.expertId}|${p.targetId}`));
  expect(chosen.size).toBe(result.pairs.length);
  for (const p of result.pairs) {
    expect(forbidden.has(`${p.expertId}|${p.targetId}`)).toBe(false);
    if (forbidSame) expect(org.get(p.expertId)).not.toBe(org.get(p.targetId));
  }
  for (const e of input.experts)
    expect(result.pairs.filter((p) => p.expertId === e.id).length).toBeLessThanOrEqual(e.capacity);
  for (const t of input.targets) {
    const load = result.pairs.filter((p) => p.targetId === t.id).length;
    expect(load).toBeGreaterThanOrEqual(t.minExperts);
    expect(load).toBeLessThanOrEqual(t.maxExperts);
  }
  for (const r of input.required ?? [])
    expect(chosen.has(`${r.expertId}|${r.targetId}`)).toBe(true);
  const total = result.pairs.reduce((s, p) => s + p.affinity, 0);
  expect(result.objective).toBeCloseTo(total, 9);
}

describe('solveAssignment on small cohorts', () => {
  it.each(seeds(80))('matches brute-force enumeration without a floor (seed %i)', async (seed) => {
    const input = randomInstance(seed, {
      experts: 3 + (seed % 3),
      targets: 3 + ((seed >> 1) % 3),
      density: 0.55,
      required: seed % 4 === 0 ? 1 : 0,
      forbidden: seed % 3,
    });
    const expected = bruteForce(input);
    const result = await solveAssignment(input);
    if (!expected.feasible) {
      expect(result.status).toBe('infeasible');
      expect(result.infeasibility.length).toBeGreaterThan(0);
      return;
    }
    expect(result.status).toBe('optimal');
    expect(result.proof).toBe('lp-integral');
    expect(result.objective).toBeCloseTo(expected.objective, 6);
    expectLimitsRespected(input, result);
  });

  it.each(seeds(200, 1000))(
    'matches brute-force enumeration with a floor on the best expert (seed %i)',
    async (seed) => {
      const input = randomInstance(seed, {
        experts: 3 + (seed % 3),
        targets: 3 + ((seed >> 1) % 3),
        density: 0.6,
        floor: 0.5 + (seed % 4) * 0.1,
        required: seed % 5 === 0 ? 1 : 0,
      });
      const expected = bruteForce(input);
      const result = await solveAssignment(input);
      if (!expected.feasible) {
        expect(result.status).toBe('infeasible');
        return;
      }
      expect(result.status).toBe('optimal');
      expect(result.floor?.unmet.length).toBe(expected.floorFailures);
      expect(result.objective).toBeCloseTo(expected.objective, 6);
      expectLimitsRespected(input, result);
    },
  );
});

describe('solveAssignment on larger cohorts', () => {
  it.each(seeds(6, 500))(
    'respects capacities, minimums, maximums, conflicts, pinned pairs and the floor (seed %i)',
    async (seed) => {
      const input = randomInstance(seed, {
        experts: 40,
        targets: 60,
        density: 0.15,
        floor: seed % 2 === 0 ? 0.7 : null,
        required: 5,
        forbidden: 30,
      });
      const result = await solveAssignment(input);
      expect(['optimal', 'infeasible']).toContain(result.status);
      if (result.status === 'infeasible') {
        expect(result.infeasibility.length).toBeGreaterThan(0);
        return;
      }
      expectLimitsRespected(input, result);
      expect(result.bound).toBeCloseTo(result.objective, 6);
      for (const load of result.targetLoads) {
        const best = Math.max(
          -1,
          ...result.pairs.filter((p) => p.targetId === load.targetId).map((p) => p.affinity),
        );
        expect(load.bestAffinity ?? -1).toBe(best);
      }
      if (input.floor != null) {
        const floor = input.floor;
        const below = result.targetLoads.filter(
          (t) => t.bestAffinity !== null && t.bestAffinity < floor,
        );
        expect(result.floor?.unmet).toEqual(below.map((t) => t.targetId));
      }
    },
  );

  it.each(seeds(10, 700))(
    'beats or equals the greedy baseline whenever greedy meets every limit (seed %i)',
    async (seed) => {
      const input = randomInstance(seed, { experts: 30, targets: 50, density: 0.2 });
      const greedy = greedyAssignment({
        ...input,
        targets: input.targets.map((t) => ({ ...t, minExperts: 0 })),
      });
      const result = await solveAssignment({
        ...input,
        targets: input.targets.map((t) => ({ ...t, minExperts: 0 })),
      });
      expect(result.status).toBe('optimal');
      expect(result.objective).toBeGreaterThanOrEqual(greedy.objective - 1e-9);
    },
  );

  it('finds a strictly better pairing than greedy where best-first blocks a better pair', async () => {
    const input: AssignmentInputRaw = {
      experts: [
        { id: 'a', organisationId: 'u1', capacity: 1 },
        { id: 'b', organisationId: 'u1', capacity: 1 },
      ],
      targets: [
        { id: 'x', organisationId: 'c1', minExperts: 0, maxExperts: 1 },
        { id: 'y', organisationId: 'c1', minExperts: 0, maxExperts: 1 },
      ],
      pairs: [
        { expertId: 'a', targetId: 'x', affinity: 0.9 },
        { expertId: 'a', targetId: 'y', affinity: 0.8 },
        { expertId: 'b', targetId: 'x', affinity: 0.8 },
      ],
    };
    expect(greedyAssignment(input).objective).toBeCloseTo(0.9);
    const result = await solveAssignment(input);
    expect(result.objective).toBeCloseTo(1.6);
    expect(result.pairs.map((p) => `${p.expertId}-${p.targetId}`)).toEqual(['a-y', 'b-x']);
  });
});

describe('infeasibility explanations', () => {
  const expert = (id: string, capacity: number, organisationId = 'uni') => ({
    id,
    organisationId,
    capacity,
  });
  const target = (id: string, minExperts: number, maxExperts = 3, organisationId = 'co') => ({
    id,
    organisationId,
    minExperts,
    maxExperts,
  });

  it('names a target with fewer candidates than its minimum once conflicts are removed', async () => {
    const result = await solveAssignment({
      experts: [expert('e1', 2), expert('e2', 2), expert('e3', 2, 'co')],
      targets: [target('p1', 3)],
      pairs: ['e1', 'e2', 'e3'].map((e) => ({ expertId: e, targetId: 'p1', affinity: 0.5 })),
      conflicts: { forbidSameOrganisation: true, forbidden: [] },
    });
    expect(result.status).toBe('infeasible');
    const reason = result.infeasibility.find((r) => r.code === 'too_few_candidates');
    expect(reason).toMatchObject({ targetId: 'p1', needed: 3, available: 2 });
    expect(reason?.message.zh).toContain('目标 p1 至少需要 3 位专家，但只有 2 位候选专家');
  });

  it('compares total minimum demand with total usable capacity', async () => {
    const result = await solveAssignment({
      experts: [expert('e1', 1), expert('e2', 1)],
      targets: [target('p1', 1), target('p2', 1), target('p3', 1)],
      pairs: ['p1', 'p2', 'p3'].flatMap((t) =>
        ['e1', 'e2'].map((e) => ({ expertId: e, targetId: t, affinity: 0.4 })),
      ),
    });
    expect(result.status).toBe('infeasible');
    expect(result.infeasibility).toContainEqual(
      expect.objectContaining({ code: 'demand_exceeds_capacity', needed: 3, available: 2 }),
    );
  });

  it('reports pinned pairs that are forbidden or exceed a capacity', async () => {
    const result = await solveAssignment({
      experts: [expert('e1', 1), expert('e2', 1, 'co')],
      targets: [target('p1', 0), target('p2', 0)],
      pairs: [],
      required: [
        { expertId: 'e1', targetId: 'p1' },
        { expertId: 'e1', targetId: 'p2' },
        { expertId: 'e2', targetId: 'p1' },
      ],
    });
    expect(result.status).toBe('infeasible');
    expect(result.infeasibility.map((r) => r.code).sort()).toEqual([
      'required_over_capacity',
      'required_pair_forbidden',
    ]);
    expect(
      result.infeasibility.find((r) => r.code === 'required_pair_forbidden')?.message.en,
    ).toContain('same organisation');
  });

  it('uses the relaxed model to name a minimum that counting alone cannot rule out', async () => {
    const result = await solveAssignment({
      experts: [expert('shared', 1), expert('other', 2)],
      targets: [target('p1', 1), target('p2', 1), target('p3', 1), target('p4', 0)],
      pairs: [
        { expertId: 'shared', targetId: 'p1', affinity: 0.9 },
        { expertId: 'shared', targetId: 'p2', affinity: 0.8 },
        { expertId: 'other', targetId: 'p3', affinity: 0.7 },
        { expertId: 'other', targetId: 'p4', affinity: 0.7 },
      ],
    });
    expect(result.status).toBe('infeasible');
    expect(result.infeasibility).toHaveLength(1);
    const [reason] = result.infeasibility;
    expect(reason?.code).toBe('minimum_unreachable');
    expect(['p1', 'p2']).toContain(reason?.targetId);
    expect(reason).toMatchObject({ needed: 1, available: 0 });
  });
});

describe('fairness floor', () => {
  it('leaves below the floor only the target whose loss costs least affinity, and keeps weak-only targets empty', async () => {
    const result = await solveAssignment({
      experts: [
        { id: 'strong', organisationId: 'u', capacity: 1 },
        { id: 'weak', organisationId: 'u', capacity: 2 },
      ],
      targets: [
        { id: 'p1', organisationId: 'c', minExperts: 1, maxExperts: 2 },
        { id: 'p2', organisationId: 'c', minExperts: 1, maxExperts: 2 },
        { id: 'p3', organisationId: 'c', minExperts: 0, maxExperts: 2 },
      ],
      pairs: [
        { expertId: 'strong', targetId: 'p1', affinity: 0.9 },
        { expertId: 'strong', targetId: 'p2', affinity: 0.8 },
        { expertId: 'weak', targetId: 'p1', affinity: 0.4 },
        { expertId: 'weak', targetId: 'p2', affinity: 0.3 },
        { expertId: 'weak', targetId: 'p3', affinity: 0.45 },
      ],
      floor: 0.6,
    });
    expect(result.status).toBe('optimal');
    expect(result.floor).toEqual({ floor: 0.6, basis: 'best', met: 1, unmet: ['p2'] });
    expect(result.objective).toBeCloseTo(1.6);
    expect(result.pairs.some((p) => p.targetId === 'p3')).toBe(false);
  });
});

describe('determinism and cancellation', () => {
  it('returns the same pairing for the same cohort given in any order', async () => {
    const input = randomInstance(42, { experts: 30, targets: 40, density: 0.3, floor: 0.6 });
    const rnd = random(7);
    const shuffle = <T>(list: T[]) =>
      list
        .map((item) => ({ item, key: rnd() }))
        .sort((a, b) => a.key - b.key)
        .map(({ item }) => item);
    const first = await solveAssignment(input);
    const again = await solveAssignment(input);
    const shuffled = await solveAssignment({
      ...input,
      experts: shuffle(input.experts),
      targets: shuffle(input.targets),
      pairs: shuffle(input.pairs),
    });
    expect(again.pairs).toEqual(first.pairs);
    expect(shuffled.pairs).toEqual(first.pairs);
  });

  it('stops before solving when the signal is already aborted', async () => {
    const input = randomInstance(3, { experts: 10, targets: 10, density: 0.5 });
    const result = await solveAssignment(input, { signal: AbortSignal.abort() });
    expect(result.status).toBe('cancelled');
    expect(result.pairs).toEqual([]);
  });

  it('stops inside the solver when progress handling aborts', async () => {
    const input = randomInstance(11, { experts: 200, targets: 400, density: 0.05 });
    const controller = new AbortController();
    const phases: string[] = [];
    const result = await solveAssignment(input, {
      signal: controller.signal,
      onProgress: (progress) => {
        phases.push(progress.phase);
        controller.abort();
      },
    });
    expect(result.status).toBe('cancelled');
    expect(phases).toEqual(['prepared']);
  });
});

describe('input and helpers', () => {
  it('rejects a pair naming an unknown expert with a validation error', async () => {
    await expect(
      solveAssignment({
        experts: [],
        targets: [{ id: 't', organisationId: 'c', minExperts: 0, maxExperts: 1 }],
        pairs: [{ expertId: 'ghost', targetId: 't', affinity: 0.5 }],
      }),
    ).rejects.toSatisfy((error) => error instanceof ApiError && error.code === 'VALIDATION_FAILED');
  });

  it('keeps a pair in the top k of either its expert or its target and drops the rest', () => {
    const pairs = [
      { expertId: 'e1', targetId: 't1', affinity: 0.9 },
      { expertId: 'e1', targetId: 't2', affinity: 0.8 },
      { expertId: 'e1', targetId: 't3', affinity: 0.1 },
      { expertId: 'e2', targetId: 't1', affinity: 0.7 },
      { expertId: 'e2', targetId: 't2', affinity: 0.2 },
    ];
    expect(pruneTopK(pairs, 1)).toEqual([pairs[0], pairs[1], pairs[2], pairs[3]]);
  });
});
