import { AllocatorError } from '../errors/index.ts';
import type { LpSolver } from '../ports/lp-solver.ts';
import { buildSiteLp } from './build-site-lp.ts';
import { explainDecision } from './explain-decision.ts';
import { explainGridProducts } from './explain-grid-products.ts';
import { extractDecisions } from './extract-plan.ts';
import { objectiveValue } from './linear-program.ts';
import type { SitePlan } from './site-plan.ts';
import type { SitePlanInput } from './site-plan-input.ts';

export interface PlanOptions {
  /** Wall-clock limit for one solve, seconds (default 5): the loop never waits on a stuck solver. */
  readonly timeLimitSeconds?: number;
}

/**
 * Plans one site over its horizon: builds the LP, solves it, reads back decisions and explains
 * the first interval. When a ramp limit alone makes the plan infeasible (e.g. a demand-response
 * cap lands faster than the fleet may ramp), safety wins: it re-plans without the ramp limit and
 * says so.
 */
export function planSite(input: SitePlanInput, solver: LpSolver, options: PlanOptions = {}): SitePlan {
  const timeLimitSeconds = options.timeLimitSeconds ?? 5;
  const siteLp = buildSiteLp(input);
  let solution = solver.solve(siteLp.lp, { timeLimitSeconds });
  let usedInput = input;
  let usedLp = siteLp;
  const notes: string[] = [];
  if (solution.status === 'infeasible' && input.rampMwPerInterval !== undefined) {
    usedInput = { ...input, rampMwPerInterval: undefined };
    usedLp = buildSiteLp(usedInput);
    solution = solver.solve(usedLp.lp, { timeLimitSeconds });
    if (solution.status === 'optimal')
      notes.push('ramp limit relaxed: it could not be met within the grid limits');
  }
  if (solution.status !== 'optimal') throw solveFailure(input, solution.status, solution.message);
  const decisions = extractDecisions(usedInput, usedLp, solution.values);
  return {
    siteId: input.siteId,
    intervalMinutes: input.intervalMinutes,
    decisions,
    // The demand charge on the month's peak so far is already owed whatever the plan does: it is
    // in the objective as a constant (the peak's lower bound) but is not part of what the plan earns.
    plannedValueUsd:
      objectiveValue(usedLp.lp, solution.values) +
      (input.demandChargeUsdPerMw ?? 0) * (input.monthPeakImportMw ?? 0),
    explanation: [
      ...explainDecision(usedInput, decisions),
      ...explainGridProducts(usedInput, decisions),
      ...notes,
    ],
  };
}

function solveFailure(input: SitePlanInput, status: string, message: string | undefined): AllocatorError {
  const detail = message ? ` (${message})` : '';
  switch (status) {
    case 'infeasible':
      return new AllocatorError(
        'SY_ERR_ALLOCATOR_INFEASIBLE',
        input.siteId,
        `no feasible plan: check battery state-of-charge limits, ramp limits and committed GPU load against grid limits${detail}`,
      );
    case 'unbounded':
      return new AllocatorError(
        'SY_ERR_ALLOCATOR_UNBOUNDED',
        input.siteId,
        `plan is unbounded: a limit is missing (grid export, battery or GPU capacity)${detail}`,
      );
    case 'time-limit':
      return new AllocatorError(
        'SY_ERR_ALLOCATOR_SOLVER_FAILED',
        input.siteId,
        `solver hit its time limit${detail}`,
      );
    default:
      return new AllocatorError('SY_ERR_ALLOCATOR_SOLVER_FAILED', input.siteId, `solver failed${detail}`);
  }
}
