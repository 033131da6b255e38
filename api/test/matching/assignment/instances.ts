import type { AssignmentInputRaw } from '../../../src/matching/assignment/index.js';

/** Small deterministic PRNG (mulberry32) so every failing seed can be replayed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface InstanceShape {
  experts: number;
  targets: number;
  density: number;
  floor?: number | null;
  required?: number;
  forbidden?: number;
}

export function randomInstance(seed: number, shape: InstanceShape): AssignmentInputRaw {
  const rnd = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const orgs = ['org-a', 'org-b', 'org-c', 'org-d'];
  const pick = () => orgs[int(0, orgs.length - 1)] ?? 'org-a';
  const experts = Array.from({ length: shape.experts }, (_, i) => ({
    id: `e${String(i).padStart(3, '0')}`,
    organisationId: pick(),
    capacity: int(0, 3),
  }));
  const targets = Array.from({ length: shape.targets }, (_, i) => {
    const minExperts = int(0, 1);
    return {
      id: `t${String(i).padStart(3, '0')}`,
      organisationId: pick(),
      minExperts,
      maxExperts: minExperts + int(0, 2),
    };
  });
  const pairs = experts.flatMap((e) =>
    targets
      .filter(() => rnd() < shape.density)
      .map((t) => ({
        expertId: e.id,
        targetId: t.id,
        affinity: Math.round(rnd() * 100) / 100,
      })),
  );
  const pickPairs = (n: number) =>
    Array.from({ length: n }, () => pairs[int(0, pairs.length - 1)]).filter(
      (p): p is NonNullable<typeof p> => p !== undefined,
    );
  const required = [
    ...new Map(
      pickPairs(shape.required ?? 0).map((p) => [`${p.expertId}|${p.targetId}`, p]),
    ).values(),
  ].map(({ expertId, targetId }) => ({ expertId, targetId }));
  const forbidden = pickPairs(shape.forbidden ?? 0).map(({ expertId, targetId }) => ({
    expertId,
    targetId,
    reason: 'relation' as const,
  }));
  return {
    experts,
    targets,
    pairs,
    conflicts: { forbidSameOrganisation: rnd() < 0.5, forbidden },
    required,
    floor: shape.floor ?? null,
  };
}

export interface BruteForceOptimum {
  feasible: boolean;
  floorFailures: number;
  objective: number;
}

/**
 * Enumerates every subset of the allowed pairs. Lexicographic like the solver: fewest staffed
 * targets whose best expert is below the floor, then highest total affinity.
 */
export function bruteForce(input: AssignmentInputRaw): BruteForceOptimum {
  const forbidSame = input.conflicts?.forbidSameOrganisation ?? true;
  const forbidden = new Set(
    (input.conflicts?.forbidden ?? []).map((f) => `${f.expertId}|${f.targetId}`),
  );
  const org = new Map<string, string>();
  for (const x of [...input.experts, ...input.targets]) org.set(x.id, x.organisationId);
  const allowed = (e: string, t: string) =>
    !forbidden.has(`${e}|${t}`) && !(forbidSame && org.get(e) === org.get(t));
  const required = new Set((input.required ?? []).map((r) => `${r.expertId}|${r.targetId}`));
  const edges = input.pairs
    .filter((p) => allowed(p.expertId, p.targetId))
    .map((p) => ({ ...p, required: required.has(`${p.expertId}|${p.targetId}`) }));
  for (const r of input.required ?? []) {
    if (!allowed(r.expertId, r.targetId))
      return { feasible: false, floorFailures: 0, objective: 0 };
    if (!input.pairs.some((p) => p.expertId === r.expertId && p.targetId === r.targetId))
      edges.push({ ...r, affinity: 0, required: true });
  }
  const cap = new Map(input.experts.map((e) => [e.id, e.capacity]));
  const max = new Map(input.targets.map((t) => [t.id, t.maxExperts]));
  const floor = input.floor ?? null;
  const expertLoad = new Map<string, number>();
  const chosen: typeof edges = [];
  let best: BruteForceOptimum = { feasible: false, floorFailures: 0, objective: 0 };
  const evaluate = () => {
    for (const t of input.targets)
      if (chosen.filter((c) => c.targetId === t.id).length < t.minExperts) return;
    let failures = 0;
    if (floor !== null)
      for (const t of input.targets) {
        const mine = chosen.filter((c) => c.targetId === t.id);
        if (mine.length > 0 && Math.max(...mine.map((c) => c.affinity)) < floor) failures++;
      }
    const objective = chosen.reduce((s, c) => s + c.affinity, 0);
    if (
      !best.feasible ||
      failures < best.floorFailures ||
      (failures === best.floorFailures && objective > best.objective + 1e-9)
    )
      best = { feasible: true, floorFailures: failures, objective };
  };
  const visit = (i: number) => {
    const edge = edges[i];
    if (!edge) {
      evaluate();
      return;
    }
    if (!edge.required) visit(i + 1);
    const eLoad = expertLoad.get(edge.expertId) ?? 0;
    const tLoad = chosen.filter((c) => c.targetId === edge.targetId).length;
    if (eLoad < (cap.get(edge.expertId) ?? 0) && tLoad < (max.get(edge.targetId) ?? 0)) {
      expertLoad.set(edge.expertId, eLoad + 1);
      chosen.push(edge);
      visit(i + 1);
      chosen.pop();
      expertLoad.set(edge.expertId, eLoad);
    }
  };
  visit(0);
  return best;
}
