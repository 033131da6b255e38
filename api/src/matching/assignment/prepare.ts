import type { AssignmentInput, Expert, Target } from './schema.js';
import { pairKey } from './schema.js';

export type ConflictReason = 'same_organisation' | 'relation' | 'contract' | 'office';

/** A candidate pair that survived the conflict rules, by index into the sorted experts and targets. */
export interface Edge {
  expert: number;
  target: number;
  affinity: number;
  required: boolean;
}

export interface ExcludedPair {
  expertId: string;
  targetId: string;
  reason: ConflictReason;
}

/** The input in a canonical order, so that the model (and so the solver's tie-breaking) does not depend on input order. */
export interface Prepared {
  experts: Expert[];
  targets: Target[];
  edges: Edge[];
  excluded: ExcludedPair[];
  requiredConflicts: ExcludedPair[];
  floor: number | null;
}

export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// When one pair is forbidden for several reasons, the report names the most specific one.
const reasonRank: Record<ConflictReason, number> = {
  contract: 0,
  relation: 1,
  office: 2,
  same_organisation: 3,
};

export function prepare(input: AssignmentInput): Prepared {
  const experts = [...input.experts].sort((a, b) => compareIds(a.id, b.id));
  const targets = [...input.targets].sort((a, b) => compareIds(a.id, b.id));
  const expertIndex = new Map(experts.map((e, i) => [e.id, i]));
  const targetIndex = new Map(targets.map((t, i) => [t.id, i]));

  const forbidden = new Map<string, ConflictReason>();
  for (const f of input.conflicts.forbidden) {
    const key = pairKey(f.expertId, f.targetId);
    const previous = forbidden.get(key);
    if (previous === undefined || reasonRank[f.reason] < reasonRank[previous])
      forbidden.set(key, f.reason);
  }
  const conflictOf = (expert: Expert, target: Target): ConflictReason | undefined =>
    forbidden.get(pairKey(expert.id, target.id)) ??
    (input.conflicts.forbidSameOrganisation && expert.organisationId === target.organisationId
      ? 'same_organisation'
      : undefined);

  const edgesByKey = new Map<string, Edge>();
  const excluded: ExcludedPair[] = [];
  for (const pair of input.pairs) {
    const e = expertIndex.get(pair.expertId);
    const t = targetIndex.get(pair.targetId);
    const expert = e === undefined ? undefined : experts[e];
    const target = t === undefined ? undefined : targets[t];
    if (e === undefined || t === undefined || !expert || !target) continue;
    const reason = conflictOf(expert, target);
    if (reason) excluded.push({ expertId: expert.id, targetId: target.id, reason });
    else
      edgesByKey.set(pairKey(expert.id, target.id), {
        expert: e,
        target: t,
        affinity: pair.affinity,
        required: false,
      });
  }

  const requiredConflicts: ExcludedPair[] = [];
  for (const pin of input.required) {
    const e = expertIndex.get(pin.expertId);
    const t = targetIndex.get(pin.targetId);
    const expert = e === undefined ? undefined : experts[e];
    const target = t === undefined ? undefined : targets[t];
    if (e === undefined || t === undefined || !expert || !target) continue;
    const reason = conflictOf(expert, target);
    if (reason) {
      requiredConflicts.push({ expertId: expert.id, targetId: target.id, reason });
      continue;
    }
    const key = pairKey(expert.id, target.id);
    const edge = edgesByKey.get(key);
    // The office may pin a pair the ranking never proposed; it then contributes no affinity.
    if (edge) edge.required = true;
    else edgesByKey.set(key, { expert: e, target: t, affinity: 0, required: true });
  }

  const edges = [...edgesByKey.values()].sort((a, b) => a.expert - b.expert || a.target - b.target);
  const byIds = (a: ExcludedPair, b: ExcludedPair) =>
    compareIds(a.expertId, b.expertId) || compareIds(a.targetId, b.targetId);
  return {
    experts,
    targets,
    edges,
    excluded: excluded.sort(byIds),
    requiredConflicts: requiredConflicts.sort(byIds),
    floor: input.floor,
  };
}
