import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Highs } from 'highs';
import { getHighs, runModel } from './highs.js';
import type { MipProgress, RunOutcome } from './highs.js';
import { buildModel } from './model.js';
import type { LinearModel } from './model.js';
import { explainWithSlack, precheck } from './explain.js';
import type { InfeasibilityReason } from './explain.js';
import { prepare } from './prepare.js';
import type { Prepared } from './prepare.js';
import { parseAssignmentInput } from './schema.js';

export type AssignmentStatus = 'optimal' | 'infeasible' | 'cancelled' | 'time_limit';

/**
 * How optimality was proven: `lp-integral` — the LP relaxation's vertex optimum is integral, so
 * it is optimal for the integer problem (always the case without a floor: the rows are a
 * bipartite b-matching with bounds, a totally unimodular matrix); `mip` — branch and bound
 * closed the gap, after fixing the variables whose LP reduced cost exceeds the gap.
 */
export type OptimalityProof = 'lp-integral' | 'mip';

export interface AssignedPair {
  expertId: string;
  targetId: string;
  affinity: number;
  required: boolean;
}

export interface ExpertLoad {
  expertId: string;
  load: number;
  capacity: number;
}

export interface TargetLoad {
  targetId: string;
  load: number;
  minExperts: number;
  maxExperts: number;
  bestAffinity: number | null;
}

export interface FloorReport {
  floor: number;
  /** The floor applies to each staffed target's best expert (see the comment on `solveAssignment`). */
  basis: 'best';
  /** Staffed targets whose best expert reaches the floor. */
  met: number;
  /** Staffed targets left below the floor; no pairing satisfying the limits has fewer. */
  unmet: string[];
}

export interface AssignmentResult {
  status: AssignmentStatus;
  pairs: AssignedPair[];
  /** Total affinity of `pairs`. */
  objective: number;
  /** Proven upper bound on the total affinity (given the floor outcome), when one is known. */
  bound: number | null;
  /** Relative gap between `bound` and `objective`; 0 when optimal. */
  gap: number | null;
  proof: OptimalityProof | null;
  expertLoads: ExpertLoad[];
  targetLoads: TargetLoad[];
  floor: FloorReport | null;
  infeasibility: InfeasibilityReason[];
  model: {
    variables: number;
    constraints: number;
    candidatePairs: number;
    excludedByConflict: number;
  };
  timings: { prepareMs: number; solveMs: number; explainMs: number; totalMs: number };
}

export type SolvePhase = 'prepared' | 'relaxation' | 'incumbent' | 'branch_and_bound' | 'explain';

export interface SolveProgress {
  phase: SolvePhase;
  elapsedMs: number;
  /** Best total affinity found so far and the proven bound, during branch and bound. */
  incumbent?: number | null;
  bound?: number | null;
  gap?: number | null;
}

export interface SolveOptions {
  onProgress?: (progress: SolveProgress) => void;
  /**
   * HiGHS runs synchronously on the calling thread, so an abort is seen between phases and
   * inside the solver's own progress callbacks (an abort raised from `onProgress` stops it at
   * once); an abort from a timer is seen at the next phase boundary.
   */
  signal?: AbortSignal;
  /** Wall-clock budget for the whole solve; default 60 s. */
  timeLimitSeconds?: number;
}

const integralityTolerance = 1e-6;

/**
 * Pairs a cohort exactly: maximum total affinity subject to capacities, per-target minimums and
 * maximums, conflicts and pinned pairs.
 *
 * The fairness floor applies to each staffed target's BEST expert, not the average: "no company
 * gets only weak matches". An average floor would penalise a target for taking an extra,
 * weaker expert its minimum may require, and would make minimums and the floor fight. The floor
 * is lexicographic: first the number of staffed targets below it is minimised (a target listed
 * in `floor.unmet` could not be lifted by any feasible pairing without pushing another one
 * below), then total affinity is maximised. It is modelled with one 0/1 failure variable per
 * target whose cost exceeds any achievable total affinity.
 */
export async function solveAssignment(
  input: unknown,
  options: SolveOptions = {},
): Promise<AssignmentResult> {
  const started = performance.now();
  const deadline = started + (options.timeLimitSeconds ?? 60) * 1000;
  const secondsLeft = () => Math.max(0.001, (deadline - performance.now()) / 1000);
  const elapsed = () => performance.now() - started;
  const report = (progress: Omit<SolveProgress, 'elapsedMs'>) =>
    options.onProgress?.({ ...progress, elapsedMs: elapsed() });
  const signal = options.signal;
  const checkpoint = async () => {
    await yieldToEventLoop();
    return signal?.aborted === true;
  };

  const prepared = prepare(parseAssignmentInput(input));
  const highs = await getHighs();
  const model = buildModel(prepared);
  const prepareMs = elapsed();
  const shell = (status: AssignmentStatus, reasons: InfeasibilityReason[] = []) =>
    emptyResult(status, prepared, model, reasons, prepareMs, elapsed());
  report({ phase: 'prepared' });
  if (await checkpoint()) return shell('cancelled');

  const counted = precheck(prepared);
  if (counted.length > 0) return shell('infeasible', counted);

  const solveStarted = performance.now();
  const relaxation = runModel(highs, model, {
    integer: false,
    timeLimitSeconds: secondsLeft(),
    signal,
  });
  report({ phase: 'relaxation', bound: relaxation.bound });
  if (relaxation.status === 'interrupted') return shell('cancelled');
  if (relaxation.status === 'infeasible') {
    report({ phase: 'explain' });
    const explainStarted = performance.now();
    const reasons = explainWithSlack(highs, prepared, model, signal, secondsLeft());
    if (reasons === 'interrupted') return shell('cancelled');
    const result = shell('infeasible', reasons);
    result.timings.explainMs = performance.now() - explainStarted;
    return result;
  }
  if (relaxation.status !== 'optimal' || !relaxation.colValue)
    return shell(relaxation.status === 'time_limit' ? 'time_limit' : 'infeasible');
  if (isIntegral(relaxation.colValue)) {
    return finish(prepared, model, relaxation.colValue, {
      status: 'optimal',
      bound: relaxation.bound,
      proof: 'lp-integral',
      prepareMs,
      solveMs: performance.now() - solveStarted,
      totalMs: elapsed(),
    });
  }
  if (await checkpoint()) return shell('cancelled');

  const incumbent = findIncumbent(highs, prepared, model, relaxation, secondsLeft(), signal);
  if (incumbent === 'interrupted') return shell('cancelled');
  report({ phase: 'incumbent', incumbent: incumbent?.objective ?? null });
  if (await checkpoint()) return shell('cancelled');
  if (!incumbent) return shell('time_limit');

  const exact = branchAndBound(highs, model, relaxation, incumbent, {
    timeLimitSeconds: secondsLeft(),
    signal,
    onMipProgress: (progress) => {
      report({ phase: 'branch_and_bound', ...progress });
    },
  });
  if (exact.status === 'interrupted') return shell('cancelled');
  const best =
    exact.colValue && exact.objective >= incumbent.objective ? exact.colValue : incumbent.colValue;
  return finish(prepared, model, best, {
    status: exact.status === 'optimal' ? 'optimal' : 'time_limit',
    bound: Math.min(relaxation.bound, Math.max(exact.bound, incumbent.objective)),
    proof: exact.status === 'optimal' ? 'mip' : null,
    prepareMs,
    solveMs: performance.now() - solveStarted,
    totalMs: elapsed(),
  });
}

function isIntegral(values: Float64Array): boolean {
  for (const v of values) if (Math.abs(v - Math.round(v)) > integralityTolerance) return false;
  return true;
}

interface Incumbent {
  colValue: Float64Array;
  objective: number;
}

/**
 * A feasible integral pairing to start branch and bound from: fixing each floor decision
 * (target below the floor / staffed with a strong expert / weak experts barred) makes the
 * floor rows redundant, so the remaining polytope is the totally unimodular one and the LP
 * returns an integral vertex. The decisions are rounded from the relaxation; if they clash,
 * the always-feasible choice (bar weak experts where a target may stay empty) is used.
 */
function findIncumbent(
  highs: Highs,
  prepared: Prepared,
  model: LinearModel,
  relaxation: RunOutcome,
  timeLimitSeconds: number,
  signal: AbortSignal | undefined,
): Incumbent | null | 'interrupted' {
  const x = relaxation.colValue ?? new Float64Array(model.numCols);
  const floor = prepared.floor ?? 0;
  const strongSum = new Float64Array(prepared.targets.length);
  prepared.edges.forEach((edge, k) => {
    if (edge.affinity >= floor)
      strongSum[edge.target] = (strongSum[edge.target] ?? 0) + (x[k] ?? 0);
  });
  const attempt = (rounded: boolean) => {
    const colLower = model.colLower.slice();
    const colUpper = model.colUpper.slice();
    const rowLower = model.rowLower.slice();
    const closed = new Uint8Array(prepared.targets.length);
    model.floorTargets.forEach((t, i) => {
      const col = model.edgeCount + i;
      const row = prepared.experts.length + prepared.targets.length + i;
      const mustOpen = (model.rowLower[row] ?? 0) >= 1;
      if (rounded && (x[col] ?? 0) >= 0.5) {
        colLower[col] = 1;
      } else if (rounded && (strongSum[t] ?? 0) >= 1 - integralityTolerance) {
        colUpper[col] = 0;
        rowLower[row] = 1;
      } else if (!mustOpen) {
        colUpper[col] = 0;
        closed[t] = 1;
      }
    });
    prepared.edges.forEach((edge, k) => {
      if (closed[edge.target] && edge.affinity < floor) colUpper[k] = 0;
    });
    return runModel(highs, model, {
      integer: false,
      timeLimitSeconds,
      signal,
      colLower,
      colUpper,
      rowLower,
    });
  };
  for (const rounded of [true, false]) {
    const outcome = attempt(rounded);
    if (outcome.status === 'interrupted') return 'interrupted';
    if (outcome.status === 'optimal' && outcome.colValue && isIntegral(outcome.colValue))
      return { colValue: outcome.colValue, objective: outcome.objective };
  }
  return null;
}

/**
 * Exact search on the floor model. Reduced-cost fixing keeps it small: with LP bound U, an
 * incumbent of value L and a column at a bound with reduced cost |d| > U − L, moving that
 * column would push any solution below L, so every better solution keeps it where the LP put it.
 */
function branchAndBound(
  highs: Highs,
  model: LinearModel,
  relaxation: RunOutcome,
  incumbent: Incumbent,
  options: {
    timeLimitSeconds: number;
    signal: AbortSignal | undefined;
    onMipProgress: (p: MipProgress) => void;
  },
): RunOutcome {
  const x = relaxation.colValue ?? new Float64Array(model.numCols);
  const d = relaxation.colDual ?? new Float64Array(model.numCols);
  const slack = relaxation.bound - incumbent.objective + 1e-6;
  const colLower = model.colLower.slice();
  const colUpper = model.colUpper.slice();
  for (let c = 0; c < model.numCols; c++) {
    const value = x[c] ?? 0;
    const atBound = Math.abs(value - Math.round(value)) <= integralityTolerance;
    if (atBound && Math.abs(d[c] ?? 0) > slack) {
      const fixed = Math.round(value);
      colLower[c] = Math.max(colLower[c] ?? 0, fixed);
      colUpper[c] = Math.min(colUpper[c] ?? 1, fixed);
    }
  }
  // The incumbent satisfies every fixing: moving a fixed column would have cost more than U − L.
  return runModel(highs, model, {
    integer: true,
    colLower,
    colUpper,
    start: incumbent.colValue,
    ...options,
  });
}

interface Finish {
  status: AssignmentStatus;
  /** Bound on the model objective, which subtracts the floor penalties. */
  bound: number;
  proof: OptimalityProof | null;
  prepareMs: number;
  solveMs: number;
  totalMs: number;
}

function finish(
  prepared: Prepared,
  model: LinearModel,
  x: Float64Array,
  outcome: Finish,
): AssignmentResult {
  const { experts, targets, edges } = prepared;
  const pairs: AssignedPair[] = [];
  const expertLoad = new Int32Array(experts.length);
  const targetLoad = new Int32Array(targets.length);
  const best = new Float64Array(targets.length).fill(-1);
  let objective = 0;
  edges.forEach((edge, k) => {
    if ((x[k] ?? 0) < 0.5) return;
    const expert = experts[edge.expert];
    const target = targets[edge.target];
    if (!expert || !target) return;
    pairs.push({
      expertId: expert.id,
      targetId: target.id,
      affinity: edge.affinity,
      required: edge.required,
    });
    objective += edge.affinity;
    expertLoad[edge.expert] = (expertLoad[edge.expert] ?? 0) + 1;
    targetLoad[edge.target] = (targetLoad[edge.target] ?? 0) + 1;
    best[edge.target] = Math.max(best[edge.target] ?? -1, edge.affinity);
  });
  const targetLoads = targets.map((target, t) => ({
    targetId: target.id,
    load: targetLoad[t] ?? 0,
    minExperts: target.minExperts,
    maxExperts: target.maxExperts,
    bestAffinity: (targetLoad[t] ?? 0) > 0 ? (best[t] ?? null) : null,
  }));
  let floor: FloorReport | null = null;
  if (prepared.floor !== null) {
    const level = prepared.floor;
    const staffed = targetLoads.filter((t) => t.bestAffinity !== null);
    const unmet = staffed.filter((t) => (t.bestAffinity ?? 0) < level).map((t) => t.targetId);
    floor = { floor: level, basis: 'best', met: staffed.length - unmet.length, unmet };
  }
  const failures = floor?.unmet.length ?? 0;
  const bound =
    outcome.status === 'optimal'
      ? objective
      : Math.max(objective, outcome.bound + model.penalty * failures);
  return {
    status: outcome.status,
    pairs,
    objective,
    bound,
    gap: (bound - objective) / Math.max(1, Math.abs(objective)),
    proof: outcome.proof,
    expertLoads: experts.map((expert, e) => ({
      expertId: expert.id,
      load: expertLoad[e] ?? 0,
      capacity: expert.capacity,
    })),
    targetLoads,
    floor,
    infeasibility: [],
    model: modelSize(prepared, model),
    timings: {
      prepareMs: outcome.prepareMs,
      solveMs: outcome.solveMs,
      explainMs: 0,
      totalMs: outcome.totalMs,
    },
  };
}

function modelSize(prepared: Prepared, model: LinearModel): AssignmentResult['model'] {
  return {
    variables: model.numCols,
    constraints: model.numRows,
    candidatePairs: prepared.edges.length,
    excludedByConflict: prepared.excluded.length,
  };
}

function emptyResult(
  status: AssignmentStatus,
  prepared: Prepared,
  model: LinearModel,
  infeasibility: InfeasibilityReason[],
  prepareMs: number,
  totalMs: number,
): AssignmentResult {
  return {
    status,
    pairs: [],
    objective: 0,
    bound: null,
    gap: null,
    proof: null,
    expertLoads: [],
    targetLoads: [],
    floor: null,
    infeasibility,
    model: modelSize(prepared, model),
    timings: { prepareMs, solveMs: 0, explainMs: 0, totalMs },
  };
}
