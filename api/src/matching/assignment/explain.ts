import type { Highs } from 'highs';
import type { LocalizedText } from '../../lib/errors.js';
import type { ConflictReason, Prepared } from './prepare.js';
import type { LinearModel } from './model.js';
import { runModel } from './highs.js';

export type InfeasibilityCode =
  | 'required_pair_forbidden'
  | 'required_over_capacity'
  | 'required_over_maximum'
  | 'too_few_candidates'
  | 'demand_exceeds_capacity'
  | 'minimum_unreachable';

export interface InfeasibilityReason {
  code: InfeasibilityCode;
  message: LocalizedText;
  expertId?: string;
  targetId?: string;
  /** What the limit asks for and what the data can give, in the unit the message names. */
  needed?: number;
  available?: number;
}

const reasonText: Record<ConflictReason, LocalizedText> = {
  same_organisation: { zh: '同一单位', en: 'same organisation' },
  relation: { zh: '已申报的利益关系', en: 'declared relation' },
  contract: { zh: '已有合同', en: 'existing contract' },
  office: { zh: '办公室禁止', en: 'forbidden by the office' },
};

/**
 * Necessary conditions checked by counting; each failure alone proves infeasibility, so the
 * solver is not needed to report them.
 */
export function precheck(prepared: Prepared): InfeasibilityReason[] {
  const { experts, targets, edges } = prepared;
  const reasons: InfeasibilityReason[] = [];

  for (const pin of prepared.requiredConflicts) {
    const why = reasonText[pin.reason];
    reasons.push({
      code: 'required_pair_forbidden',
      expertId: pin.expertId,
      targetId: pin.targetId,
      message: {
        zh: `指定配对（专家 ${pin.expertId} — 目标 ${pin.targetId}）与冲突规则矛盾：${why.zh}。`,
        en: `The pinned pair (expert ${pin.expertId} – target ${pin.targetId}) is forbidden: ${why.en}.`,
      },
    });
  }

  const requiredPerExpert = new Int32Array(experts.length);
  const requiredPerTarget = new Int32Array(targets.length);
  const candidates = new Int32Array(targets.length);
  const degree = new Int32Array(experts.length);
  for (const edge of edges) {
    if (edge.required) {
      requiredPerExpert[edge.expert] = (requiredPerExpert[edge.expert] ?? 0) + 1;
      requiredPerTarget[edge.target] = (requiredPerTarget[edge.target] ?? 0) + 1;
    }
    if ((experts[edge.expert]?.capacity ?? 0) > 0)
      candidates[edge.target] = (candidates[edge.target] ?? 0) + 1;
    degree[edge.expert] = (degree[edge.expert] ?? 0) + 1;
  }

  experts.forEach((expert, e) => {
    const pinned = requiredPerExpert[e] ?? 0;
    if (pinned > expert.capacity)
      reasons.push({
        code: 'required_over_capacity',
        expertId: expert.id,
        needed: pinned,
        available: expert.capacity,
        message: {
          zh: `专家 ${expert.id} 被指定了 ${pinned} 个配对，但其容量只有 ${expert.capacity}。`,
          en: `Expert ${expert.id} has ${pinned} pinned pairs but a capacity of only ${expert.capacity}.`,
        },
      });
  });

  targets.forEach((target, t) => {
    const pinned = requiredPerTarget[t] ?? 0;
    if (pinned > target.maxExperts)
      reasons.push({
        code: 'required_over_maximum',
        targetId: target.id,
        needed: pinned,
        available: target.maxExperts,
        message: {
          zh: `目标 ${target.id} 被指定了 ${pinned} 位专家，但最多只能安排 ${target.maxExperts} 位。`,
          en: `Target ${target.id} has ${pinned} pinned experts but takes at most ${target.maxExperts}.`,
        },
      });
    const available = candidates[t] ?? 0;
    if (available < target.minExperts)
      reasons.push({
        code: 'too_few_candidates',
        targetId: target.id,
        needed: target.minExperts,
        available,
        message: {
          zh: `目标 ${target.id} 至少需要 ${target.minExperts} 位专家，但只有 ${available} 位候选专家（其余被冲突排除或没有容量）。`,
          en: `Target ${target.id} needs at least ${target.minExperts} experts, but only ${available} candidates remain (the others are excluded by conflicts or have no capacity).`,
        },
      });
  });

  // An expert can serve no more targets than both its capacity and its number of candidate targets.
  const demand = targets.reduce((sum, t) => sum + t.minExperts, 0);
  const supply = experts.reduce(
    (sum, expert, e) => sum + Math.min(expert.capacity, degree[e] ?? 0),
    0,
  );
  if (demand > supply)
    reasons.push({
      code: 'demand_exceeds_capacity',
      needed: demand,
      available: supply,
      message: {
        zh: `所有目标的最低需求合计 ${demand} 人次，但专家可用容量（按候选配对计）合计只有 ${supply}。`,
        en: `The targets' minimums add up to ${demand} assignments, but the experts can take only ${supply} (capacity limited to their candidate pairs).`,
      },
    });
  return reasons;
}

/**
 * When counting finds nothing, a relaxed model lets each target fall short of its minimum at a
 * cost of one per missing expert; the cheapest shortfall names the minimums that cannot all be
 * met together. The relaxation keeps the flow structure, so its optimum is integral.
 */
export function explainWithSlack(
  highs: Highs,
  prepared: Prepared,
  base: LinearModel,
  signal: AbortSignal | undefined,
  timeLimitSeconds: number,
): InfeasibilityReason[] | 'interrupted' {
  const E = prepared.experts.length;
  const T = prepared.targets.length;
  const edgeCount = prepared.edges.length;
  const numCols = edgeCount + T;
  const starts = new Int32Array(numCols + 1);
  const indices = new Int32Array(edgeCount * 2 + T);
  const values = new Float64Array(edgeCount * 2 + T).fill(1);
  prepared.edges.forEach((edge, k) => {
    starts[k] = 2 * k;
    indices[2 * k] = edge.expert;
    indices[2 * k + 1] = E + edge.target;
  });
  for (let t = 0; t < T; t++) {
    starts[edgeCount + t] = 2 * edgeCount + t;
    indices[2 * edgeCount + t] = E + t;
  }
  starts[numCols] = 2 * edgeCount + T;
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols);
  const colCost = new Float64Array(numCols);
  colLower.set(base.colLower.subarray(0, edgeCount));
  colUpper.set(base.colUpper.subarray(0, edgeCount));
  prepared.targets.forEach((target, t) => {
    colUpper[edgeCount + t] = target.minExperts;
    colCost[edgeCount + t] = 1;
  });
  const relaxed: LinearModel = {
    ...base,
    numCols,
    numRows: E + T,
    colCost,
    colLower,
    colUpper,
    rowLower: base.rowLower.slice(0, E + T),
    rowUpper: base.rowUpper.slice(0, E + T),
    starts,
    indices,
    values,
    floorTargets: new Int32Array(),
  };
  const outcome = runModel(highs, relaxed, {
    integer: false,
    minimise: true,
    timeLimitSeconds,
    signal,
  });
  if (outcome.status === 'interrupted') return 'interrupted';
  const x = outcome.colValue;
  if (outcome.status !== 'optimal' || !x) return [];
  const reasons: InfeasibilityReason[] = [];
  prepared.targets.forEach((target, t) => {
    const shortfall = Math.round(x[edgeCount + t] ?? 0);
    if (shortfall <= 0) return;
    const reachable = target.minExperts - shortfall;
    reasons.push({
      code: 'minimum_unreachable',
      targetId: target.id,
      needed: target.minExperts,
      available: reachable,
      message: {
        zh: `目标 ${target.id} 至少需要 ${target.minExperts} 位专家，但在满足其余限制（专家容量、其他目标的最低需求、指定配对）时最多只能安排 ${reachable} 位。`,
        en: `Target ${target.id} needs at least ${target.minExperts} experts, but while respecting the other limits (capacities, other targets' minimums, pinned pairs) it can get at most ${reachable}.`,
      },
    });
  });
  return reasons;
}
