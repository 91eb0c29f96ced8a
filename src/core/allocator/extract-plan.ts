import type { SiteLp } from './build-site-lp.ts';
import { gridProductDecision } from './extract-grid-products.ts';
import type { IntervalDecision } from './site-plan.ts';
import type { SitePlanInput } from './site-plan-input.ts';

/** Reads the solver's vector back into per-interval decisions. */
export function extractDecisions(
  input: SitePlanInput,
  siteLp: SiteLp,
  values: ArrayLike<number>,
): IntervalDecision[] {
  const { layout } = siteLp;
  const at = (index: number): number => (index >= 0 ? Math.max(0, values[index] ?? 0) : 0);
  const decisions: IntervalDecision[] = [];
  for (let t = 0; t < input.intervals; t++) {
    const minerMw: Record<string, number> = {};
    const minerHashrateThs: Record<string, number> = {};
    const minerPowerTargetW: Record<string, number | undefined> = {};
    let miningMw = 0;
    input.minerGroups.forEach((group, g) => {
      let mw = 0;
      let ths = 0;
      let target: number | undefined;
      group.segments.forEach((segment, s) => {
        const value = at(layout.miner[g]![s]![t]!);
        mw += value;
        ths += value * segment.thsPerMw;
        if (segment.powerTargetW !== undefined && value > 1e-6) {
          // Within a segment machines sit between this and the previous segment's target.
          const previous = s > 0 ? group.segments[s - 1]!.powerTargetW : undefined;
          const share = segment.maxMw > 0 ? value / segment.maxMw : 0;
          target =
            previous === undefined || s === 0
              ? segment.powerTargetW
              : previous + share * (segment.powerTargetW - previous);
        }
      });
      minerMw[group.id] = mw;
      minerHashrateThs[group.id] = ths;
      minerPowerTargetW[group.id] = target;
      miningMw += mw;
    });
    const interruptibleGpus: Record<string, number> = {};
    let gpuMw = 0;
    input.gpuGroups.forEach((group, g) => {
      const served = at(layout.interruptible[g]![t]!);
      interruptibleGpus[group.id] = served;
      let active = group.committedGpus[t]! + served;
      input.batchJobs.forEach((job, j) => {
        if (job.gpuGroupId === group.id) active += at(layout.batch[j]![t]!);
      });
      gpuMw +=
        (group.count * group.idleWattsPerGpu + active * (group.wattsPerGpu - group.idleWattsPerGpu)) / 1e6;
    });
    const batchGpus: Record<string, number> = {};
    input.batchJobs.forEach((job, j) => {
      batchGpus[job.id] = at(layout.batch[j]![t]!);
    });
    const renewableUsedMw = at(layout.renewable[t]!);
    decisions.push({
      startMs: input.startMs + t * input.intervalMinutes * 60_000,
      minerMw,
      minerHashrateThs,
      minerPowerTargetW,
      miningMw,
      interruptibleGpus,
      batchGpus,
      gpuMw: gpuMw * input.pue,
      importMw: at(layout.gridImport[t]!),
      exportMw: at(layout.gridExport[t]!),
      renewableUsedMw,
      renewableCurtailedMw: Math.max(0, input.renewableMw[t]! - renewableUsedMw),
      ppaUsedMw: at(layout.ppa[t]!),
      chargeMw: at(layout.charge[t]!),
      dischargeMw: at(layout.discharge[t]!),
      socMwh: at(layout.soc[t]!),
      ...gridProductDecision(input, layout.gridProducts, at, t),
    });
  }
  return decisions;
}
