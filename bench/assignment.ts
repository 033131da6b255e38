import {
  greedyAssignment,
  pruneTopK,
  solveAssignment,
} from '@jiedui/api/matching/assignment/index.ts';
import type { AssignmentInputRaw, CandidatePair } from '@jiedui/api/matching/assignment/index.ts';
import { machineLine, printTable } from './lib/stats.ts';

// Seeded so that runs on different days compare the same cohort.
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EXPERTS = 1000;
const PROBLEMS = 5000;
const FIELDS = 24;
const K = 25;
const ORGANISATIONS = 60;

/**
 * Experts and problems each carry a main field and a secondary one; affinity is high when the
 * fields agree, with noise, so the top-k lists overlap the way real rankings do.
 */
function cohort(seed: number): AssignmentInputRaw {
  const rnd = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const experts = Array.from({ length: EXPERTS }, (_, i) => ({
    id: `expert-${String(i).padStart(4, '0')}`,
    organisationId: `org-${int(0, ORGANISATIONS - 1)}`,
    capacity: int(3, 8),
    fields: [int(0, FIELDS - 1), int(0, FIELDS - 1)] as const,
  }));
  const targets = Array.from({ length: PROBLEMS }, (_, i) => {
    const minExperts = rnd() < 0.3 ? 1 : 0;
    return {
      id: `problem-${String(i).padStart(5, '0')}`,
      organisationId: `org-${int(0, ORGANISATIONS - 1)}`,
      minExperts,
      maxExperts: int(2, 3),
      fields: [int(0, FIELDS - 1), int(0, FIELDS - 1)] as const,
    };
  });
  const byField = Array.from({ length: FIELDS }, () => [] as number[]);
  experts.forEach((e, i) => {
    for (const f of new Set(e.fields)) byField[f]?.push(i);
  });
  const all: CandidatePair[] = [];
  for (const target of targets) {
    const seen = new Set<number>();
    const pool = [...(byField[target.fields[0]] ?? []), ...(byField[target.fields[1]] ?? [])];
    for (let draw = 0; draw < K * 2; draw++) {
      const e =
        rnd() < 0.8 && pool.length > 0 ? pool[int(0, pool.length - 1)] : int(0, EXPERTS - 1);
      if (e === undefined || seen.has(e)) continue;
      seen.add(e);
      const expert = experts[e];
      if (!expert) continue;
      const overlap =
        Number(expert.fields[0] === target.fields[0]) * 0.45 +
        Number(expert.fields[1] === target.fields[1] || expert.fields[0] === target.fields[1]) *
          0.25;
      all.push({
        expertId: expert.id,
        targetId: target.id,
        affinity: Math.min(1, Math.round((overlap + 0.35 * rnd()) * 1000) / 1000),
      });
    }
  }
  const pairs = pruneTopK(all, K);
  const forbidden = pairs
    .filter(() => rnd() < 0.01)
    .map((p) => ({ expertId: p.expertId, targetId: p.targetId, reason: 'relation' as const }));
  const forbiddenKeys = new Set(forbidden.map((f) => `${f.expertId}|${f.targetId}`));
  const organisation = new Map(
    [...experts, ...targets].map((x) => [x.id, x.organisationId] as const),
  );
  const allowed = pairs.filter(
    (p) =>
      !forbiddenKeys.has(`${p.expertId}|${p.targetId}`) &&
      organisation.get(p.expertId) !== organisation.get(p.targetId),
  );
  return {
    experts: experts.map(({ id, organisationId, capacity }) => ({ id, organisationId, capacity })),
    targets: targets.map(({ id, organisationId, minExperts, maxExperts }) => ({
      id,
      organisationId,
      minExperts,
      maxExperts,
    })),
    pairs,
    conflicts: { forbidSameOrganisation: true, forbidden },
    required: allowed
      .filter(() => rnd() < 0.002)
      .slice(0, 50)
      .map(({ expertId, targetId }) => ({ expertId, targetId })),
  };
}

async function measure(
  label: string,
  input: AssignmentInputRaw,
): Promise<Record<string, string | number>> {
  const greedyStarted = performance.now();
  const greedy = greedyAssignment(input);
  const greedyMs = performance.now() - greedyStarted;
  global.gc?.();
  const heapBefore = process.memoryUsage().rss;
  const result = await solveAssignment(input, { timeLimitSeconds: 120 });
  const rss = process.memoryUsage().rss;
  for (const reason of result.infeasibility.slice(0, 3))
    console.log(`  ${label}: ${reason.message.en}`);
  return {
    run: label,
    status: result.status,
    proof: result.proof ?? '-',
    pairs: result.pairs.length,
    variables: result.model.variables,
    constraints: result.model.constraints,
    'prepare ms': Math.round(result.timings.prepareMs),
    'solve ms': Math.round(result.timings.solveMs),
    'total ms': Math.round(result.timings.totalMs),
    'rss MiB': Math.round(rss / 2 ** 20),
    'rss Δ MiB': Math.round((rss - heapBefore) / 2 ** 20),
    objective: result.objective,
    'gap %': (result.gap ?? Number.NaN) * 100,
    'greedy obj': greedy.objective,
    'greedy ms': Math.round(greedyMs),
    'greedy unmet min': greedy.unmetMinimums.length,
    'ratio opt/greedy': (result.objective / greedy.objective).toFixed(4),
    'floor unmet': result.floor?.unmet.length ?? '-',
  };
}

console.log(machineLine());
const input = cohort(2024);
console.log(
  `cohort: ${EXPERTS} experts × ${PROBLEMS} problems, ${input.pairs.length} candidate pairs (top-${K} per side), ${input.conflicts?.forbidden?.length ?? 0} declared conflicts, ${input.required?.length ?? 0} pinned pairs`,
);
const rows = [await measure('no floor', input)];
// Greedy ignores minimums, so it is compared fairly only on the same cohort without them.
const noMinimums = { ...input, targets: input.targets.map((t) => ({ ...t, minExperts: 0 })) };
rows.push(await measure('no floor, no minimums', noMinimums));
for (const floor of [0.5, 0.6, 0.75])
  rows.push(await measure(`floor ${floor}`, { ...input, floor }));
printTable(rows);
