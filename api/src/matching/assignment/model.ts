import type { Prepared } from './prepare.js';

/**
 * A linear model in HiGHS's column-wise form. Columns 0…edges-1 are the pair variables x_e;
 * the remaining columns are the floor-failure indicators z_t of `floorTargets`.
 */
export interface LinearModel {
  numCols: number;
  numRows: number;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  edgeCount: number;
  /** Target index of each z column, in column order after the edges. */
  floorTargets: Int32Array;
  /** Objective cost of one floor failure; larger than any total affinity, so failures are minimised first. */
  penalty: number;
}

/**
 * Rows: one capacity row per expert, one [min, max] row per target. With a floor f, every target
 * t having "weak" candidates (affinity < f) also gets
 *   S_t + z_t ≥ 1 (or ≥ 0 when t may stay empty)     S_t = Σ strong x
 *   x_w − S_t − z_t ≤ 0 for each weak candidate w     (a weak expert needs a strong one beside)
 * so z_t = 1 exactly when t is staffed without a strong expert. The per-edge form is used
 * rather than Σ weak ≤ max·(S_t + z_t) because its LP relaxation is much tighter.
 */
export function buildModel(prepared: Prepared): LinearModel {
  const { experts, targets, edges, floor } = prepared;
  const E = experts.length;
  const T = targets.length;
  const isStrong = (affinity: number) => floor === null || affinity >= floor;

  const weakCount = new Int32Array(T);
  const mustOpen = new Uint8Array(T);
  for (const edge of edges) {
    if (!isStrong(edge.affinity)) weakCount[edge.target] = (weakCount[edge.target] ?? 0) + 1;
    if (edge.required) mustOpen[edge.target] = 1;
  }
  targets.forEach((target, t) => {
    if (target.minExperts > 0) mustOpen[t] = 1;
  });

  const aggregateRow = new Int32Array(T).fill(-1);
  const firstWeakRow = new Int32Array(T).fill(-1);
  const floorTargetList: number[] = [];
  let numRows = E + T;
  for (let t = 0; t < T; t++) {
    if ((weakCount[t] ?? 0) === 0) continue;
    aggregateRow[t] = numRows++;
    floorTargetList.push(t);
  }
  for (let t = 0; t < T; t++) {
    if ((weakCount[t] ?? 0) === 0) continue;
    firstWeakRow[t] = numRows;
    numRows += weakCount[t] ?? 0;
  }

  const rowLower = new Float64Array(numRows).fill(-Infinity);
  const rowUpper = new Float64Array(numRows).fill(Infinity);
  experts.forEach((expert, e) => {
    rowLower[e] = 0;
    rowUpper[e] = expert.capacity;
  });
  targets.forEach((target, t) => {
    rowLower[E + t] = target.minExperts;
    rowUpper[E + t] = target.maxExperts;
    const aggregate = aggregateRow[t] ?? -1;
    if (aggregate >= 0) rowLower[aggregate] = mustOpen[t] ? 1 : 0;
  });
  for (let r = E + T + floorTargetList.length; r < numRows; r++) rowUpper[r] = 0;

  const weakRowOfEdge = new Int32Array(edges.length).fill(-1);
  const nextWeak = Int32Array.from(firstWeakRow);
  edges.forEach((edge, k) => {
    if (isStrong(edge.affinity)) return;
    const row = nextWeak[edge.target] ?? -1;
    weakRowOfEdge[k] = row;
    nextWeak[edge.target] = row + 1;
  });

  const numCols = edges.length + floorTargetList.length;
  const starts = new Int32Array(numCols + 1);
  let nnz = 0;
  edges.forEach((edge, k) => {
    starts[k] = nnz;
    nnz += 2;
    if ((aggregateRow[edge.target] ?? -1) < 0) return;
    nnz += isStrong(edge.affinity) ? 1 + (weakCount[edge.target] ?? 0) : 1;
  });
  floorTargetList.forEach((t, i) => {
    starts[edges.length + i] = nnz;
    nnz += 1 + (weakCount[t] ?? 0);
  });
  starts[numCols] = nnz;

  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let p = 0;
  const put = (row: number, value: number) => {
    indices[p] = row;
    values[p] = value;
    p++;
  };
  const putNegatedWeakRows = (t: number) => {
    const first = firstWeakRow[t] ?? 0;
    for (let r = first; r < first + (weakCount[t] ?? 0); r++) put(r, -1);
  };
  for (const [k, edge] of edges.entries()) {
    put(edge.expert, 1);
    put(E + edge.target, 1);
    const aggregate = aggregateRow[edge.target] ?? -1;
    if (aggregate < 0) continue;
    if (isStrong(edge.affinity)) {
      put(aggregate, 1);
      putNegatedWeakRows(edge.target);
    } else put(weakRowOfEdge[k] ?? 0, 1);
  }
  for (const t of floorTargetList) {
    put(aggregateRow[t] ?? 0, 1);
    putNegatedWeakRows(t);
  }

  const capacityTotal = experts.reduce((sum, e) => sum + e.capacity, 0);
  const maxTotal = targets.reduce((sum, t) => sum + t.maxExperts, 0);
  const penalty = Math.min(capacityTotal, maxTotal) + 1;

  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(1);
  edges.forEach((edge, k) => {
    colCost[k] = edge.affinity;
    if (edge.required) colLower[k] = 1;
  });
  for (let c = edges.length; c < numCols; c++) colCost[c] = -penalty;

  return {
    numCols,
    numRows,
    colCost,
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    starts,
    indices,
    values,
    edgeCount: edges.length,
    floorTargets: Int32Array.from(floorTargetList),
    penalty,
  };
}
