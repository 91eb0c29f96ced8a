/**
 * A plain description of a linear program: what the allocator builds and any solver can read.
 * Kept free of solver types so models can be inspected and tested without solving them.
 */
export interface LpVariable {
  readonly name: string;
  readonly lower: number;
  /** `Infinity` for no upper bound. */
  readonly upper: number;
  /** Objective coefficient (the program maximises). */
  readonly objective: number;
}

export type LpSense = '<=' | '>=' | '=';

export interface LpConstraint {
  readonly name: string;
  /** Pairs of variable index and coefficient. */
  readonly terms: ReadonlyArray<readonly [number, number]>;
  readonly sense: LpSense;
  readonly rhs: number;
}

export interface LinearProgram {
  readonly name: string;
  readonly variables: readonly LpVariable[];
  readonly constraints: readonly LpConstraint[];
  /** Constant added to the objective (e.g. take-or-pay cost); not seen by the solver. */
  readonly objectiveConstant: number;
}

/** Incremental builder that hands out variable indices. */
export class LpBuilder {
  private readonly variables: LpVariable[] = [];
  private readonly constraints: LpConstraint[] = [];
  private constant = 0;

  constructor(private readonly name: string) {}

  variable(name: string, lower: number, upper: number, objective = 0): number {
    if (Number.isNaN(lower) || Number.isNaN(upper) || Number.isNaN(objective)) {
      throw new RangeError(`variable ${name}: NaN in bounds or objective`);
    }
    this.variables.push({ name, lower, upper, objective });
    return this.variables.length - 1;
  }

  constraint(
    name: string,
    terms: ReadonlyArray<readonly [number, number]>,
    sense: LpSense,
    rhs: number,
  ): void {
    if (Number.isNaN(rhs) || terms.some(([, coefficient]) => Number.isNaN(coefficient))) {
      throw new RangeError(`constraint ${name}: NaN coefficient or right-hand side`);
    }
    this.constraints.push({ name, terms, sense, rhs });
  }

  addConstant(value: number): void {
    this.constant += value;
  }

  build(): LinearProgram {
    return {
      name: this.name,
      variables: this.variables,
      constraints: this.constraints,
      objectiveConstant: this.constant,
    };
  }
}

/** Objective value of a solution vector, constant included. */
export function objectiveValue(lp: LinearProgram, values: ArrayLike<number>): number {
  let total = lp.objectiveConstant;
  lp.variables.forEach((variable, index) => {
    total += variable.objective * (values[index] ?? 0);
  });
  return total;
}

/** Largest violation of any bound or constraint by a solution vector (0 when feasible). */
export function maxViolation(lp: LinearProgram, values: ArrayLike<number>): number {
  let worst = 0;
  lp.variables.forEach((variable, index) => {
    const value = values[index] ?? 0;
    worst = Math.max(worst, variable.lower - value, value - variable.upper);
  });
  for (const constraint of lp.constraints) {
    let lhs = 0;
    for (const [index, coefficient] of constraint.terms) lhs += coefficient * (values[index] ?? 0);
    const gap = lhs - constraint.rhs;
    if (constraint.sense === '<=') worst = Math.max(worst, gap);
    else if (constraint.sense === '>=') worst = Math.max(worst, -gap);
    else worst = Math.max(worst, Math.abs(gap));
  }
  return worst;
}
