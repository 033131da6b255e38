import { compareIds, prepare } from './prepare.js';
import { parseAssignmentInput } from './schema.js';
import type { CandidatePair } from './schema.js';

export interface GreedyResult {
  pairs: { expertId: string; targetId: string; affinity: number }[];
  objective: number;
  /** Greedy ignores minimums while choosing; these targets ended below theirs. */
  unmetMinimums: string[];
  /** Pinned pairs that did not fit the capacities or maximums left. */
  droppedRequired: number;
}

/**
 * The comparison baseline: pinned pairs first, then the best remaining pair while it fits both
 * sides' limits (ties broken by ids). It ignores the floor and may miss minimums; never use it
 * as the pairing itself.
 */
export function greedyAssignment(input: unknown): GreedyResult {
  const prepared = prepare(parseAssignmentInput(input));
  const { experts, targets } = prepared;
  const order = [...prepared.edges].sort(
    (a, b) =>
      Number(b.required) - Number(a.required) ||
      b.affinity - a.affinity ||
      a.expert - b.expert ||
      a.target - b.target,
  );
  const expertLoad = new Int32Array(experts.length);
  const targetLoad = new Int32Array(targets.length);
  const pairs: GreedyResult['pairs'] = [];
  let objective = 0;
  let droppedRequired = 0;
  for (const edge of order) {
    const expert = experts[edge.expert];
    const target = targets[edge.target];
    if (!expert || !target) continue;
    const fits =
      (expertLoad[edge.expert] ?? 0) < expert.capacity &&
      (targetLoad[edge.target] ?? 0) < target.maxExperts;
    if (!fits) {
      if (edge.required) droppedRequired++;
      continue;
    }
    expertLoad[edge.expert] = (expertLoad[edge.expert] ?? 0) + 1;
    targetLoad[edge.target] = (targetLoad[edge.target] ?? 0) + 1;
    pairs.push({ expertId: expert.id, targetId: target.id, affinity: edge.affinity });
    objective += edge.affinity;
  }
  const unmetMinimums = targets
    .filter((target, t) => (targetLoad[t] ?? 0) < target.minExperts)
    .map((target) => target.id);
  return { pairs, objective, unmetMinimums, droppedRequired };
}

/**
 * Keeps a candidate pair when it ranks among the k best of its expert or of its target
 * (affinity descending, ids breaking ties), so that every expert and every target keeps options.
 * The kept pairs stay in input order.
 */
export function pruneTopK(pairs: readonly CandidatePair[], k: number): CandidatePair[] {
  const keep = new Uint8Array(pairs.length);
  const mark = (groupOf: (p: CandidatePair) => string) => {
    const groups = new Map<string, number[]>();
    pairs.forEach((pair, i) => {
      const key = groupOf(pair);
      const group = groups.get(key);
      if (group) group.push(i);
      else groups.set(key, [i]);
    });
    for (const group of groups.values()) {
      group.sort((i, j) => {
        const a = pairs[i];
        const b = pairs[j];
        if (!a || !b) return 0;
        return (
          b.affinity - a.affinity ||
          compareIds(a.expertId, b.expertId) ||
          compareIds(a.targetId, b.targetId)
        );
      });
      for (const i of group.slice(0, k)) keep[i] = 1;
    }
  };
  mark((p) => p.expertId);
  mark((p) => p.targetId);
  return pairs.filter((_, i) => keep[i] === 1);
}
