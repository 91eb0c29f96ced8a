import highsModule, { type Highs } from 'highs';
import type { LinearProgram } from '../../core/allocator/linear-program.ts';
import type { LpSolution, LpSolveOptions, LpSolver, LpStatus } from '../../core/ports/lp-solver.ts';

// The package's types describe an ES default export; under NodeNext they resolve as CommonJS.
const loadHighs = ((highsModule as unknown as { default?: unknown }).default ??
  highsModule) as () => Promise<Highs>;

type Model = ReturnType<Highs['createModel']>;

interface SparseProgram {
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
}

/**
 * HiGHS (WebAssembly build from the `highs` npm package) behind the LpSolver port. Programs are
 * passed as sparse row-wise arrays, so there is no text to parse. A receding-horizon loop solves the
 * same structure again and again with new prices and bounds: when the matrix is unchanged the
 * solver keeps the native model and only updates costs and bounds, so HiGHS warm-starts from the
 * last basis. Every solve has a time limit, so a solve never hangs the loop.
 */
export class HighsSolver implements LpSolver {
  readonly name = 'highs-wasm';
  private cached: { model: Model; program: SparseProgram } | undefined;

  private constructor(private readonly highs: Highs) {}

  static async load(): Promise<HighsSolver> {
    return new HighsSolver(await loadHighs());
  }

  solve(lp: LinearProgram, options: LpSolveOptions): LpSolution {
    const program = toSparse(lp, this.highs.infinity);
    try {
      if (this.cached && sameStructure(this.cached.program, program)) {
        const warm = this.run(this.cached.model, program, options, true);
        if (warm.status === 'optimal') return warm;
        // A warm start that ends badly is retried from scratch before it is believed.
      }
      this.dispose();
      const model = this.highs.createModel({
        numCols: program.numCols,
        numRows: program.numRows,
        sense: this.highs.constants.objectiveSense.maximize,
        colCost: program.colCost,
        colLower: program.colLower,
        colUpper: program.colUpper,
        rowLower: program.rowLower,
        rowUpper: program.rowUpper,
        matrix: {
          format: 'csr',
          numRows: program.numRows,
          numCols: program.numCols,
          starts: program.starts,
          indices: program.indices,
          values: program.values,
        },
      });
      model.options.set({ output_flag: false });
      this.cached = { model, program };
      return this.run(model, program, options, false);
    } catch (error) {
      this.dispose();
      return failed(program.numCols, error instanceof Error ? error.message : String(error));
    }
  }

  reset(): void {
    this.dispose();
  }

  /** Frees the native model kept for warm starts. */
  dispose(): void {
    this.cached?.model.dispose();
    this.cached = undefined;
  }

  private run(model: Model, program: SparseProgram, options: LpSolveOptions, update: boolean): LpSolution {
    if (update) {
      const cols = { kind: 'range', from: 0, to: program.numCols - 1 } as const;
      model.changeColsCost(cols, program.colCost);
      model.changeColsBounds(cols, program.colLower, program.colUpper);
      if (program.numRows > 0) {
        model.changeRowsBounds(
          { kind: 'range', from: 0, to: program.numRows - 1 },
          program.rowLower,
          program.rowUpper,
        );
      }
      this.cached = { model, program };
    }
    model.options.set({ time_limit: options.timeLimitSeconds });
    model.run();
    const codes = this.highs.constants.modelStatus;
    const code = model.getModelStatus();
    const status: LpStatus =
      code === codes.optimal || code === codes.empty
        ? 'optimal'
        : code === codes.infeasible
          ? 'infeasible'
          : code === codes.unbounded || code === codes.unboundedOrInfeasible
            ? 'unbounded'
            : code === codes.timeLimit || code === codes.iterationLimit
              ? 'time-limit'
              : 'error';
    if (status !== 'optimal') return { ...failed(program.numCols, `HiGHS model status ${code}`), status };
    return {
      status,
      objective: model.getObjectiveValue(),
      values: Float64Array.from(model.getSolution().colValue),
    };
  }
}

function failed(numCols: number, message: string): LpSolution {
  return { status: 'error', objective: Number.NaN, values: new Float64Array(numCols), message };
}

function toSparse(lp: LinearProgram, infinity: number): SparseProgram {
  const numCols = lp.variables.length;
  const numRows = lp.constraints.length;
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols);
  lp.variables.forEach((variable, index) => {
    colCost[index] = variable.objective;
    colLower[index] = clamp(variable.lower, infinity);
    colUpper[index] = clamp(variable.upper, infinity);
  });
  let nonZeros = 0;
  for (const constraint of lp.constraints) nonZeros += constraint.terms.length;
  const starts = new Int32Array(numRows + 1);
  const indices = new Int32Array(nonZeros);
  const values = new Float64Array(nonZeros);
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  let cursor = 0;
  lp.constraints.forEach((constraint, row) => {
    starts[row] = cursor;
    for (const [index, coefficient] of constraint.terms) {
      indices[cursor] = index;
      values[cursor] = coefficient;
      cursor++;
    }
    rowLower[row] = constraint.sense === '<=' ? -infinity : constraint.rhs;
    rowUpper[row] = constraint.sense === '>=' ? infinity : constraint.rhs;
  });
  starts[numRows] = cursor;
  return { numCols, numRows, colCost, colLower, colUpper, rowLower, rowUpper, starts, indices, values };
}

function sameStructure(a: SparseProgram, b: SparseProgram): boolean {
  return (
    a.numCols === b.numCols &&
    a.numRows === b.numRows &&
    a.indices.length === b.indices.length &&
    equalArrays(a.starts, b.starts) &&
    equalArrays(a.indices, b.indices) &&
    equalArrays(a.values, b.values)
  );
}

function equalArrays(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function clamp(value: number, infinity: number): number {
  if (value === Number.POSITIVE_INFINITY) return infinity;
  if (value === Number.NEGATIVE_INFINITY) return -infinity;
  return value;
}
