import type { LinearProgram } from './linear-program.ts';

/**
 * Writes a program as free-format MPS for native solvers (CLP, GLPK, HiGHS). MPS minimises, so the
 * objective is negated: the solver's optimum is minus ours (plus `objectiveConstant`).
 */
export function toMps(lp: LinearProgram): string {
  const lines: string[] = [`NAME ${lp.name.replace(/\s+/g, '_') || 'switchyard'}`, 'ROWS', ' N obj'];
  lp.constraints.forEach((constraint, row) => {
    lines.push(` ${constraint.sense === '=' ? 'E' : constraint.sense === '<=' ? 'L' : 'G'} r${row}`);
  });
  const columns: Array<Array<[string, number]>> = lp.variables.map((variable) =>
    variable.objective !== 0 ? [['obj', -variable.objective]] : [],
  );
  lp.constraints.forEach((constraint, row) => {
    for (const [index, coefficient] of constraint.terms) {
      if (coefficient !== 0) columns[index]!.push([`r${row}`, coefficient]);
    }
  });
  lines.push('COLUMNS');
  columns.forEach((entries, index) => {
    if (entries.length === 0) lines.push(` x${index} obj 0`);
    for (const [row, coefficient] of entries) lines.push(` x${index} ${row} ${coefficient}`);
  });
  lines.push('RHS');
  lp.constraints.forEach((constraint, row) => {
    if (constraint.rhs !== 0) lines.push(` RHS r${row} ${constraint.rhs}`);
  });
  lines.push('BOUNDS');
  lp.variables.forEach((variable, index) => {
    const lower = variable.lower;
    const upper = variable.upper;
    if (lower === upper) {
      lines.push(` FX BND x${index} ${lower}`);
      return;
    }
    if (lower === Number.NEGATIVE_INFINITY && upper === Number.POSITIVE_INFINITY) {
      lines.push(` FR BND x${index}`);
      return;
    }
    if (lower === Number.NEGATIVE_INFINITY) lines.push(` MI BND x${index}`);
    else if (lower !== 0) lines.push(` LO BND x${index} ${lower}`);
    if (upper !== Number.POSITIVE_INFINITY) lines.push(` UP BND x${index} ${upper}`);
  });
  lines.push('ENDATA');
  return `${lines.join('\n')}\n`;
}
