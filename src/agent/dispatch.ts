/**
 * Turns a site's mining setpoint (MW) into per-miner commands: the same merit order as the
 * allocator (most TH/s per MW first), sleeping the least efficient machines first, and using power
 * targets where the firmware takes them and they buy more hashrate per MW than sleeping does.
 * Pure: given the miners' current state and the target, it returns the commands and what the site
 * should draw when they have taken effect.
 */
export interface MinerUnit {
  readonly id: string;
  /** Group the miner belongs to (same model and firmware). */
  readonly groupId: string;
  readonly nameplateW: number;
  readonly nameplateThs: number;
  /** Power-target range, when the firmware takes one. */
  readonly powerTargetW?: { readonly minW: number; readonly maxW: number };
  readonly underclockEfficiencyExponent: number;
  /** What it is doing now. */
  readonly hashing: boolean;
  /** Its current power target, W (undefined: nameplate / none). */
  readonly currentTargetW?: number;
  /** False while the miner is faulted or unreachable: it takes no commands and counts for nothing. */
  readonly available: boolean;
}

export type MinerCommand =
  | { readonly minerId: string; readonly action: 'sleep' }
  | { readonly minerId: string; readonly action: 'wake' }
  | { readonly minerId: string; readonly action: 'set-power-target'; readonly watts: number };

export interface DispatchPlan {
  readonly commands: readonly MinerCommand[];
  /** Mining IT power once the commands have taken effect, W. */
  readonly expectedW: number;
  readonly expectedThs: number;
}

interface GroupOption {
  readonly groupId: string;
  readonly miners: MinerUnit[];
  /** Segments in merit order within the group: [W, TH/s per W, target at top]. */
  readonly segments: Array<{ w: number; thsPerW: number }>;
}

/** Plans commands that bring the site's mining power as close to `targetW` as possible without exceeding it. */
export function planDispatch(miners: readonly MinerUnit[], targetW: number): DispatchPlan {
  const groups = groupMiners(miners.filter((m) => m.available));
  // Merit order across groups: fill the segments with the most TH/s per W first.
  const allocationW = new Map<string, number>();
  const segments = groups.flatMap((g) => g.segments.map((s) => ({ ...s, groupId: g.groupId })));
  segments.sort((a, b) => b.thsPerW - a.thsPerW);
  let left = Math.max(0, targetW);
  for (const segment of segments) {
    const used = Math.min(left, segment.w);
    allocationW.set(segment.groupId, (allocationW.get(segment.groupId) ?? 0) + used);
    left -= used;
    if (left <= 0) break;
  }
  const commands: MinerCommand[] = [];
  let expectedW = 0;
  let expectedThs = 0;
  for (const group of groups) {
    const realised = realiseGroup(group, allocationW.get(group.groupId) ?? 0);
    commands.push(...realised.commands);
    expectedW += realised.w;
    expectedThs += realised.ths;
  }
  return { commands, expectedW, expectedThs };
}

/** Every available miner to sleep: the emergency curtailment. */
export function planCurtailAll(miners: readonly MinerUnit[]): MinerCommand[] {
  return miners
    .filter((m) => m.available && m.hashing)
    .map((m) => ({ minerId: m.id, action: 'sleep' as const }));
}

/**
 * Splits commands into waves: sleeps all at once (shedding load is always safe and urgent), wakes
 * and power-target raises `waveSize` at a time to avoid an inrush on the site's transformer.
 */
export function staggerCommands(commands: readonly MinerCommand[], waveSize: number): MinerCommand[][] {
  const sleeps = commands.filter((c) => c.action === 'sleep');
  const rest = commands.filter((c) => c.action !== 'sleep');
  const waves: MinerCommand[][] = sleeps.length > 0 ? [sleeps] : [];
  for (let i = 0; i < rest.length; i += Math.max(1, waveSize))
    waves.push(rest.slice(i, i + Math.max(1, waveSize)));
  return waves;
}

function hashrateAt(unit: MinerUnit, watts: number): number {
  return unit.nameplateThs * (watts / unit.nameplateW) ** (1 - unit.underclockEfficiencyExponent);
}

function groupMiners(miners: readonly MinerUnit[]): GroupOption[] {
  const byGroup = new Map<string, MinerUnit[]>();
  for (const miner of miners) {
    const list = byGroup.get(miner.groupId) ?? [];
    list.push(miner);
    byGroup.set(miner.groupId, list);
  }
  return [...byGroup.entries()].map(([groupId, list]) => {
    const sample = list[0]!;
    const n = list.length;
    const segments: Array<{ w: number; thsPerW: number }> = [];
    if (!sample.powerTargetW) {
      segments.push({ w: n * sample.nameplateW, thsPerW: sample.nameplateThs / sample.nameplateW });
    } else {
      const { minW, maxW } = sample.powerTargetW;
      segments.push({ w: n * minW, thsPerW: hashrateAt(sample, minW) / minW });
      const steps = 3;
      for (let k = 1; k <= steps; k++) {
        const lo = minW + ((maxW - minW) * (k - 1)) / steps;
        const hi = minW + ((maxW - minW) * k) / steps;
        segments.push({
          w: n * (hi - lo),
          thsPerW: (hashrateAt(sample, hi) - hashrateAt(sample, lo)) / (hi - lo),
        });
      }
    }
    return { groupId, miners: list, segments };
  });
}

/** How a group draws `w`: on/off at nameplate, or k machines at the minimum target, or all at w/n. */
function realiseGroup(group: GroupOption, w: number): { commands: MinerCommand[]; w: number; ths: number } {
  const miners = [...group.miners].sort(
    (a, b) => Number(b.hashing) - Number(a.hashing) || a.id.localeCompare(b.id),
  );
  const sample = miners[0]!;
  const commands: MinerCommand[] = [];
  let drawn = 0;
  let ths = 0;
  const range = sample.powerTargetW;
  const perMinerW = range
    ? w >= miners.length * range.minW
      ? w / miners.length
      : range.minW
    : sample.nameplateW;
  // Machines already hashing are kept on first, so a small change moves few machines.
  const running = Math.min(miners.length, Math.floor((w + 1e-6) / perMinerW));
  miners.forEach((miner, index) => {
    if (index < running) {
      if (!miner.hashing) commands.push({ minerId: miner.id, action: 'wake' });
      if (range && Math.abs((miner.currentTargetW ?? miner.nameplateW) - perMinerW) > 1) {
        commands.push({ minerId: miner.id, action: 'set-power-target', watts: Math.round(perMinerW) });
      }
      drawn += perMinerW;
      ths += hashrateAt(miner, perMinerW);
    } else if (miner.hashing) {
      commands.push({ minerId: miner.id, action: 'sleep' });
    }
  });
  return { commands, w: drawn, ths };
}
