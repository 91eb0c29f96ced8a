import type { LinearProgram } from '../allocator/linear-program.ts';

export type LpStatus = 'optimal' | 'infeasible' | 'unbounded' | 'time-limit' | 'error';

export interface LpSolution {
  readonly status: LpStatus;
  /** Objective value as the solver reports it (without the program's constant). */
  readonly objective: number;
  /** Primal value of each variable, in the program's variable order. */
  readonly values: Float64Array;
  /** Solver's own words when not optimal. */
  readonly message?: string;
}

export interface LpSolveOptions {
  /** Wall-clock limit for one solve, seconds; the solver stops and reports `time-limit`. */
  readonly timeLimitSeconds: number;
}

/** Solves a linear program (maximisation). Synchronous: implementations are loaded before use. */
export interface LpSolver {
  readonly name: string;
  solve(lp: LinearProgram, options: LpSolveOptions): LpSolution;
  /**
   * Forgets any warm-start state, so that what follows depends only on the programs solved after
   * the reset (a backtest resets before each site and strategy: same inputs, same outputs).
   */
  reset?(): void;
}
