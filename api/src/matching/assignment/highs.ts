import highsModule from 'highs';
import type { Highs, InitOptions } from 'highs';
import type { LinearModel } from './model.js';

// The package's types describe its CommonJS build, but Node resolves the ESM build, whose default export is the loader itself.
const loadHighs = highsModule as unknown as (options?: InitOptions) => Promise<Highs>;

let runtime: Promise<Highs> | undefined;

// One WebAssembly instance per process: loading it costs ~100 ms and every model is disposed after use.
export function getHighs(): Promise<Highs> {
  const loaded = runtime ?? loadHighs();
  runtime = loaded;
  return loaded;
}

export type RunStatus = 'optimal' | 'infeasible' | 'time_limit' | 'interrupted' | 'failed';

export interface RunOutcome {
  status: RunStatus;
  colValue: Float64Array | null;
  colDual: Float64Array | null;
  /** Value of the model's objective at colValue (includes floor penalties). */
  objective: number;
  /** Proven upper bound on the model's objective (maximisation). */
  bound: number;
  iterations: number;
}

export interface MipProgress {
  incumbent: number | null;
  bound: number | null;
  gap: number | null;
}

export interface RunOptions {
  integer: boolean;
  timeLimitSeconds: number;
  signal: AbortSignal | undefined;
  colLower?: Float64Array;
  colUpper?: Float64Array;
  rowLower?: Float64Array;
  /** Objective overrides; the rest of the model is reused as is. */
  colCost?: Float64Array;
  minimise?: boolean;
  start?: Float64Array;
  onMipProgress?: (progress: MipProgress) => void;
}

export function runModel(highs: Highs, model: LinearModel, options: RunOptions): RunOutcome {
  const { objectiveSense, modelStatus, callbackType, variableType } = highs.constants;
  const data = {
    numCols: model.numCols,
    numRows: model.numRows,
    sense: options.minimise ? objectiveSense.minimize : objectiveSense.maximize,
    colCost: options.colCost ?? model.colCost,
    colLower: options.colLower ?? model.colLower,
    colUpper: options.colUpper ?? model.colUpper,
    rowLower: options.rowLower ?? model.rowLower,
    rowUpper: model.rowUpper,
    matrix: {
      format: 'csc' as const,
      numRows: model.numRows,
      numCols: model.numCols,
      starts: model.starts,
      indices: model.indices,
      values: model.values,
    },
    ...(options.integer
      ? { integrality: new Int32Array(model.numCols).fill(variableType.integer) }
      : {}),
  };
  return highs.withModel(data, (m) => {
    m.options.set({
      output_flag: false,
      time_limit: Math.max(0.001, options.timeLimitSeconds),
      // A simplex vertex is required: totally unimodular rows guarantee integrality only at vertices.
      ...(options.integer ? { mip_rel_gap: 0, mip_abs_gap: 1e-7 } : { solver: 'simplex' }),
    });
    if (options.start) m.setSolution({ colValue: options.start });
    const interruptIfAborted = (event: { interrupt(): void }): undefined => {
      if (options.signal?.aborted) event.interrupt();
    };
    const run = m.run({
      [callbackType.simplexInterrupt]: interruptIfAborted,
      [callbackType.mipInterrupt]: (event): undefined => {
        interruptIfAborted(event);
        options.onMipProgress?.({
          incumbent: finite(event.data.mip_primal_bound),
          bound: finite(event.data.mip_dual_bound),
          gap: finite(event.data.mip_gap),
        });
      },
    });
    const status: RunStatus =
      run.modelStatus === modelStatus.optimal
        ? 'optimal'
        : run.modelStatus === modelStatus.infeasible
          ? 'infeasible'
          : run.modelStatus === modelStatus.timeLimit
            ? 'time_limit'
            : run.modelStatus === modelStatus.interrupted
              ? 'interrupted'
              : 'failed';
    const hasSolution = Number(m.info.get('primal_solution_status')) === 2;
    const solution = hasSolution ? m.getSolution() : null;
    const objective = hasSolution ? m.getObjectiveValue() : Number.NaN;
    const bound = options.integer ? Number(m.info.get('mip_dual_bound')) : objective;
    const iterations = options.integer
      ? Number(m.info.get('mip_node_count'))
      : Number(m.info.get('simplex_iteration_count'));
    return {
      status,
      colValue: solution ? solution.colValue : null,
      colDual: solution && !options.integer ? solution.colDual : null,
      objective,
      bound: status === 'optimal' ? objective : bound,
      iterations,
    };
  });
}

function finite(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}
