import highsModule, { type Highs } from 'highs';
import type { LinearProgram } from '../../core/allocator/linear-program.ts';
import type { LpSolution, LpSolveOptions, LpSolver, LpStatus } from '../../core/ports/lp-solver.ts';

// The package's types describe an ES default export; under NodeNext they resolve as CommonJS.
const loadHighs = ((highsModule as unknown as { default?: unknown }).default ??
  highsModule) as () => Promise<Highs>;

/**
 * HiGHS (WebAssembly build from the `highs` npm package) behind the LpSolver port. The program
 * is passed as sparse row-wise arrays, so there is no text to parse; each solve gets a fresh
 * native model that is disposed before returning, and a time limit so a solve never hangs.
 */
export class HighsSolver implements LpSolver {
  readonly name = 'highs-wasm';

  private constructor(private readonly highs: Highs) {}

  static async load(): Promise<HighsSolver> {
    return new HighsSolver(await loadHighs());
  }

  solve(lp: LinearProgram, options: LpSolveOptions): LpSolution {
    const highs = this.highs;
    const infinity = highs.infinity;
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
    const statusCodes = highs.constants.modelStatus;
    try {
      return highs.withModel(
        {
          numCols,
          numRows,
          sense: highs.constants.objectiveSense.maximize,
          colCost,
          colLower,
          colUpper,
          rowLower,
          rowUpper,
          matrix: { format: 'csr', numRows, numCols, starts, indices, values },
        },
        (model) => {
          model.options.set({ output_flag: false, time_limit: options.timeLimitSeconds });
          model.run();
          const code = model.getModelStatus();
          const status: LpStatus =
            code === statusCodes.optimal || code === statusCodes.empty
              ? 'optimal'
              : code === statusCodes.infeasible
                ? 'infeasible'
                : code === statusCodes.unbounded || code === statusCodes.unboundedOrInfeasible
                  ? 'unbounded'
                  : code === statusCodes.timeLimit || code === statusCodes.iterationLimit
                    ? 'time-limit'
                    : 'error';
          if (status !== 'optimal') {
            return {
              status,
              objective: Number.NaN,
              values: new Float64Array(numCols),
              message: `HiGHS model status ${code}`,
            };
          }
          const solution = model.getSolution();
          return {
            status,
            objective: model.getObjectiveValue(),
            values: Float64Array.from(solution.colValue),
          };
        },
      );
    } catch (error) {
      return {
        status: 'error',
        objective: Number.NaN,
        values: new Float64Array(numCols),
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }
}

function clamp(value: number, infinity: number): number {
  if (value === Number.POSITIVE_INFINITY) return infinity;
  if (value === Number.NEGATIVE_INFINITY) return -infinity;
  return value;
}
