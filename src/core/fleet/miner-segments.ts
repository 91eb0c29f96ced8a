import type { MinerGroupCapability, MinerSegment } from '../allocator/site-plan-input.ts';
import { type MinerSpec, operatingPointAt } from '../economics/miner-efficiency.ts';
import type { MinerModel } from '../market/reference.ts';
import type { MinerGroup } from './fleet-schema.ts';

/** Segments used to linearise the power-target curve between its minimum and maximum. */
const POWER_TARGET_STEPS = 3;

/**
 * A miner group as the allocator sees it: piecewise-linear segments of IT power and hashrate.
 * Without power targets the group is one segment (machines on or asleep at nameplate). With them,
 * the first segment runs machines at the lowest target (best J/TH: sleeping some machines and
 * holding the rest at the minimum target), then each further segment raises every machine's target
 * a step, each step buying fewer TH/s per MW. Concave, so the LP fills them in order.
 */
export function minerGroupCapability(group: MinerGroup, model: MinerModel): MinerGroupCapability {
  const spec: MinerSpec = {
    hashrateThs: model.hashrateThs,
    powerW: model.powerW,
    underclockEfficiencyExponent: group.underclockEfficiencyExponent,
  };
  const segments: MinerSegment[] = [];
  if (!group.powerTargetW) {
    segments.push({
      maxMw: (group.count * model.powerW) / 1e6,
      thsPerMw: (model.hashrateThs / model.powerW) * 1e6,
    });
  } else {
    const { minW, maxW } = group.powerTargetW;
    const lowest = operatingPointAt(spec, minW);
    segments.push({
      maxMw: (group.count * minW) / 1e6,
      thsPerMw: (lowest.hashrateThs / minW) * 1e6,
      powerTargetW: minW,
    });
    let previous = lowest;
    for (let step = 1; step <= POWER_TARGET_STEPS; step++) {
      const point = operatingPointAt(spec, minW + ((maxW - minW) * step) / POWER_TARGET_STEPS);
      const deltaW = point.powerW - previous.powerW;
      segments.push({
        maxMw: (group.count * deltaW) / 1e6,
        thsPerMw: ((point.hashrateThs - previous.hashrateThs) / deltaW) * 1e6,
        powerTargetW: point.powerW,
      });
      previous = point;
    }
  }
  return {
    id: group.id,
    model: model.model,
    count: group.count,
    segments,
    nameplateEfficiencyJPerTh: model.efficiencyJPerTh,
  };
}
