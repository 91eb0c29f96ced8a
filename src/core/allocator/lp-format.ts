import type { LinearProgram } from './linear-program.ts';

/**
 * Writes a program in CPLEX LP format (what HiGHS reads from text). Variables are named x<i> and
 * rows r<i> so any model's names are safe; `lp.variables[i].name` maps back.
 */
export function toLpFormat(lp: LinearProgram): string {
  const lines: string[] = [
    'Maximize',
    ` obj: ${linear(lp.variables.map((v, i) => [i, v.objective] as const)) || '0 x0'}`,
  ];
  lines.push('Subject To');
  lp.constraints.forEach((constraint, row) => {
    lines.push(` r${row}: ${linear(constraint.terms) || '0 x0'} ${constraint.sense} ${num(constraint.rhs)}`);
  });
  lines.push('Bounds');
  lp.variables.forEach((variable, index) => {
    const lower = variable.lower === Number.NEGATIVE_INFINITY ? '-inf' : num(variable.lower);
    const upper = variable.upper === Number.POSITIVE_INFINITY ? '+inf' : num(variable.upper);
    lines.push(` ${lower} <= x${index} <= ${upper}`);
  });
  lines.push('End');
  return lines.join('\n');
}

function linear(terms: ReadonlyArray<readonly [number, number]>): string {
  let text = '';
  for (const [index, coefficient] of terms) {
    if (coefficient === 0) continue;
    text +=
      coefficient < 0
        ? ` - ${num(-coefficient)} x${index}`
        : `${text ? ' + ' : ''}${num(coefficient)} x${index}`;
  }
  return text.trim();
}

function num(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`non-finite coefficient ${value}`);
  return Number.isInteger(value) ? String(value) : value.toPrecision(12).replace(/\.?0+(e|$)/, '$1');
}
