import { AllocatorError } from '../errors/index.ts';
import {
  addGridProductConstraints,
  addGridProductVariables,
  type GridProductsLayout,
  gridProductConstraintNames,
} from './build-grid-products.ts';
import { type LinearProgram, LpBuilder } from './linear-program.ts';
import type { SitePlanInput } from './site-plan-input.ts';

/** Where each decision lives in the program's variable vector, per interval. */
export interface SiteLpLayout {
  /** [group][segment][t] -> variable index (IT MW). */
  readonly miner: number[][][];
  /** [gpu group][t] -> interruptible GPUs served. */
  readonly interruptible: number[][];
  /** [job][t] -> GPUs running the batch job (-1 outside the job's window). */
  readonly batch: number[][];
  readonly gridImport: number[];
  readonly gridExport: number[];
  readonly renewable: number[];
  readonly ppa: number[];
  /** -1 when the site has no battery. */
  readonly charge: number[];
  readonly discharge: number[];
  readonly soc: number[];
  readonly peak: number;
  /** The grid products' variables, when the input has any. */
  readonly gridProducts?: GridProductsLayout;
}

export interface SiteLp {
  readonly lp: LinearProgram;
  readonly layout: SiteLpLayout;
  /** Constraint name prefix -> human description, for error messages. */
  readonly constraintNames: ReadonlyMap<string, string>;
}

/**
 * Builds the site's linear program. Decisions per interval t (length h hours):
 * miner power per group and efficiency segment (IT MW), interruptible and batch GPUs, grid import
 * and export, renewable and PPA energy used, battery charge/discharge and state of charge.
 * Maximises mining revenue + GPU revenue + export revenue - import cost - battery cycling cost
 * - demand charge, subject to the energy balance, grid limits (including demand-response caps),
 * battery dynamics, ramp limits and batch-job deadlines. Committed GPU load is fixed load.
 */
/** Penalty per batch GPU-hour left unrun before its deadline, USD: far above any energy price. */
const BATCH_SHORTFALL_USD_PER_GPU_HOUR = 10_000;
/** Tie-breaker per GPU and interval of delay, USD: too small to outweigh any real price difference. */
const BATCH_DELAY_USD_PER_GPU_INTERVAL = 1e-6;

export function buildSiteLp(input: SitePlanInput): SiteLp {
  checkInput(input);
  const T = input.intervals;
  const h = input.intervalMinutes / 60;
  const b = new LpBuilder(`site-${input.siteId}`);
  const fee = 1 - input.poolFeePercent / 100;
  const range = Array.from({ length: T }, (_, t) => t);

  const miner = input.minerGroups.map((group) =>
    group.segments.map((segment, s) =>
      range.map((t) =>
        b.variable(
          `m_${group.id}_${s}_${t}`,
          0,
          segment.maxMw,
          (h * input.hashpriceUsdPerThDay[t]! * segment.thsPerMw * fee) / 24,
        ),
      ),
    ),
  );
  const interruptible = input.gpuGroups.map((group) =>
    range.map((t) => {
      const room = Math.max(0, group.count - group.committedGpus[t]!);
      return b.variable(
        `gi_${group.id}_${t}`,
        0,
        Math.min(room, group.interruptibleGpus[t]!),
        h * group.interruptibleUsdPerGpuHour,
      );
    }),
  );
  // A batch job due within the horizon earns its fixed price however it is scheduled, so only its
  // energy cost counts: it lands in the cheapest intervals. Due later, it earns as it runs.
  const batch = input.batchJobs.map((job) =>
    range.map((t) =>
      t < job.deadlineInterval
        ? b.variable(
            `gb_${job.id}_${t}`,
            0,
            job.maxGpus,
            // A hair of preference for earlier intervals breaks ties between equally cheap hours, so
            // re-planning does not shuffle a running job.
            (job.deadlineInterval > T ? h * job.usdPerGpuHour : 0) - BATCH_DELAY_USD_PER_GPU_INTERVAL * t,
          )
        : -1,
    ),
  );
  const gridImport = range.map((t) =>
    b.variable(`imp_${t}`, 0, input.importLimitMw[t]!, -h * input.importPriceUsdPerMwh[t]!),
  );
  const gridExport = range.map((t) =>
    b.variable(`exp_${t}`, 0, input.exportLimitMw, h * input.exportPriceUsdPerMwh[t]!),
  );
  const renewable = range.map((t) => b.variable(`ren_${t}`, 0, input.renewableMw[t]!, 0));
  const ppa = range.map((t) => b.variable(`ppa_${t}`, 0, input.ppaMw, 0));
  b.addConstant(-input.ppaMw * input.ppaPriceUsdPerMwh * h * T);

  const battery = input.battery;
  const charge = range.map((t) => (battery ? b.variable(`ch_${t}`, 0, battery.chargeMw, 0) : -1));
  const discharge = range.map((t) =>
    battery ? b.variable(`dis_${t}`, 0, battery.dischargeMw, -h * battery.cycleCostUsdPerMwh) : -1,
  );
  const soc = range.map((t) =>
    battery ? b.variable(`soc_${t}`, battery.socMinMwh, battery.socMaxMwh, 0) : -1,
  );
  const demandCharge = input.demandChargeUsdPerMw ?? 0;
  const peak =
    demandCharge > 0
      ? b.variable('peak', input.monthPeakImportMw ?? 0, Number.POSITIVE_INFINITY, -demandCharge)
      : -1;
  const gridProducts = addGridProductVariables(b, input);

  const constraintNames = new Map<string, string>([
    ['balance', 'energy balance (supply = load)'],
    ['soc', 'battery state of charge'],
    ['socEnd', 'battery end-of-horizon state of charge'],
    ['rampUp', 'mining ramp-up limit'],
    ['rampDown', 'mining ramp-down limit'],
    ['gpuCap', 'GPU count'],
    ['batch', 'batch job GPU-hours before deadline'],
    ['exportOwn', 'export only from own generation'],
    ['peak', 'demand-charge peak'],
    ...gridProductConstraintNames,
  ]);

  for (const t of range) {
    // Supply (grid + PPA + renewables + discharge) = PUE x (miners + GPUs) + charge + export.
    const terms: Array<[number, number]> = [
      [gridImport[t]!, 1],
      [ppa[t]!, 1],
      [renewable[t]!, 1],
      [gridExport[t]!, -1],
    ];
    if (battery) terms.push([discharge[t]!, 1], [charge[t]!, -1]);
    if (gridProducts && gridProducts.blockUsed[t]! >= 0) terms.push([gridProducts.blockUsed[t]!, 1]);
    for (const group of miner) for (const segment of group) terms.push([segment[t]!, -input.pue]);
    let fixedGpuMw = 0;
    input.gpuGroups.forEach((group, g) => {
      const activeW = group.wattsPerGpu - group.idleWattsPerGpu;
      fixedGpuMw += (group.count * group.idleWattsPerGpu + group.committedGpus[t]! * activeW) / 1e6;
      terms.push([interruptible[g]![t]!, (-input.pue * activeW) / 1e6]);
      input.batchJobs.forEach((job, j) => {
        if (job.gpuGroupId === group.id && batch[j]![t]! >= 0)
          terms.push([batch[j]![t]!, (-input.pue * activeW) / 1e6]);
      });
    });
    b.constraint(`balance_${t}`, terms, '=', input.pue * fixedGpuMw);

    if (input.exportLimitMw > 0) {
      const own: Array<[number, number]> = [
        [gridExport[t]!, 1],
        [ppa[t]!, -1],
        [renewable[t]!, -1],
      ];
      if (battery) own.push([discharge[t]!, -1]);
      b.constraint(`exportOwn_${t}`, own, '<=', 0);
    }

    input.gpuGroups.forEach((group, g) => {
      const terms: Array<[number, number]> = [[interruptible[g]![t]!, 1]];
      input.batchJobs.forEach((job, j) => {
        if (job.gpuGroupId === group.id && batch[j]![t]! >= 0) terms.push([batch[j]![t]!, 1]);
      });
      if (terms.length > 1)
        b.constraint(`gpuCap_${group.id}_${t}`, terms, '<=', group.count - group.committedGpus[t]!);
    });

    if (battery) {
      // soc[t] = soc[t-1] + eta_c h ch[t] - h / eta_d dis[t]
      const socTerms: Array<[number, number]> = [
        [soc[t]!, 1],
        [charge[t]!, -battery.chargeEfficiency * h],
        [discharge[t]!, h / battery.dischargeEfficiency],
      ];
      if (t > 0) socTerms.push([soc[t - 1]!, -1]);
      b.constraint(`soc_${t}`, socTerms, '=', t === 0 ? battery.socMwh : 0);
    }

    if (input.rampMwPerInterval !== undefined) {
      const current: Array<[number, number]> = [];
      for (const group of miner) for (const segment of group) current.push([segment[t]!, 1]);
      const previous: Array<[number, number]> = [];
      if (t > 0) for (const group of miner) for (const segment of group) previous.push([segment[t - 1]!, -1]);
      const base = t === 0 ? (input.currentMiningMw ?? 0) : 0;
      if (t > 0 || input.currentMiningMw !== undefined) {
        b.constraint(`rampUp_${t}`, [...current, ...previous], '<=', input.rampMwPerInterval + base);
        b.constraint(`rampDown_${t}`, [...current, ...previous], '>=', base - input.rampMwPerInterval);
      }
    }

    if (peak >= 0)
      b.constraint(
        `peak_${t}`,
        [
          [peak, 1],
          [gridImport[t]!, -1],
        ],
        '>=',
        0,
      );
  }

  if (battery) {
    // Leave the battery at least as full as it started, so a horizon never sells energy it cannot replace.
    const floor = Math.min(battery.socMwh, battery.socMaxMwh);
    b.constraint('socEnd', [[soc[T - 1]!, 1]], '>=', Math.max(floor, battery.socMinMwh));
  }

  if (gridProducts)
    addGridProductConstraints(b, input, { miner, gridImport, charge, discharge, soc }, gridProducts);

  input.batchJobs.forEach((job, j) => {
    if (job.deadlineInterval > T) return; // deadline beyond the horizon: flexible, earns as it runs
    const terms = batch[j]!.filter((index) => index >= 0).map((index) => [index, h] as [number, number]);
    // GPU-hours the site cannot run (power shed, say) are a shortfall at a prohibitive price rather
    // than an infeasible plan: a batch deadline must never put the whole site to sleep.
    const shortfall = b.variable(`bshort_${job.id}`, 0, job.gpuHours, -BATCH_SHORTFALL_USD_PER_GPU_HOUR);
    b.constraint(`batch_${job.id}`, [...terms, [shortfall, 1]], '>=', job.gpuHours);
  });

  return {
    lp: b.build(),
    layout: {
      miner,
      interruptible,
      batch,
      gridImport,
      gridExport,
      renewable,
      ppa,
      charge,
      discharge,
      soc,
      peak,
      ...(gridProducts ? { gridProducts } : {}),
    },
    constraintNames,
  };
}

function checkInput(input: SitePlanInput): void {
  const fail = (message: string): never => {
    throw new AllocatorError('SY_ERR_ALLOCATOR_INFEASIBLE', input.siteId, message);
  };
  if (!(input.intervals > 0)) fail(`intervals must be > 0, got ${input.intervals}`);
  if (!(input.intervalMinutes > 0)) fail(`intervalMinutes must be > 0, got ${input.intervalMinutes}`);
  const perInterval: Array<[string, readonly number[]]> = [
    ['importPriceUsdPerMwh', input.importPriceUsdPerMwh],
    ['exportPriceUsdPerMwh', input.exportPriceUsdPerMwh],
    ['importLimitMw', input.importLimitMw],
    ['renewableMw', input.renewableMw],
    ['hashpriceUsdPerThDay', input.hashpriceUsdPerThDay],
  ];
  for (const group of input.gpuGroups) {
    perInterval.push([`gpuGroups.${group.id}.committedGpus`, group.committedGpus]);
    perInterval.push([`gpuGroups.${group.id}.interruptibleGpus`, group.interruptibleGpus]);
  }
  for (const [name, values] of perInterval) {
    if (values.length < input.intervals)
      fail(`${name} has ${values.length} values for ${input.intervals} intervals`);
    for (let t = 0; t < input.intervals; t++) {
      if (!Number.isFinite(values[t])) fail(`${name}[${t}] is ${values[t]} (missing data?)`);
    }
  }
  if (input.battery) {
    const battery = input.battery;
    if (battery.socMwh < battery.socMinMwh - 1e-9 || battery.socMwh > battery.socMaxMwh + 1e-9) {
      fail(
        `battery state of charge ${battery.socMwh.toFixed(2)} MWh is outside its limits ${battery.socMinMwh}-${battery.socMaxMwh} MWh`,
      );
    }
  }
  // Committed GPU load must fit what can be supplied in every interval.
  for (let t = 0; t < input.intervals; t++) {
    let loadMw = 0;
    for (const group of input.gpuGroups) {
      if (group.committedGpus[t]! > group.count) {
        fail(
          `GPU group ${group.id}: ${group.committedGpus[t]} GPUs committed at interval ${t} but only ${group.count} exist`,
        );
      }
      loadMw +=
        (group.count * group.idleWattsPerGpu +
          group.committedGpus[t]! * (group.wattsPerGpu - group.idleWattsPerGpu)) /
        1e6;
    }
    loadMw *= input.pue;
    const supplyMw =
      input.importLimitMw[t]! +
      input.ppaMw +
      input.renewableMw[t]! +
      (input.battery ? input.battery.dischargeMw : 0);
    if (loadMw > supplyMw + 1e-9) {
      const event = input.demandResponse[t];
      fail(
        `committed GPU load ${loadMw.toFixed(2)} MW exceeds the ${supplyMw.toFixed(2)} MW that can be supplied at ` +
          `${new Date(input.startMs + t * input.intervalMinutes * 60_000).toISOString()} (constraint: energy balance; ` +
          `grid import limit ${input.importLimitMw[t]} MW${event ? ` under demand-response event ${event}` : ''})`,
      );
    }
  }
  for (const job of input.batchJobs) {
    const group = input.gpuGroups.find((g) => g.id === job.gpuGroupId);
    if (!group) fail(`batch job ${job.id} names unknown GPU group ${job.gpuGroupId}`);
    const window = Math.min(job.deadlineInterval, input.intervals);
    const possible = window * (input.intervalMinutes / 60) * Math.min(job.maxGpus, group!.count);
    if (job.deadlineInterval <= input.intervals && possible + 1e-9 < job.gpuHours) {
      fail(
        `batch job ${job.id} needs ${job.gpuHours} GPU-hours but at most ${possible.toFixed(1)} fit before its deadline (constraint: batch job GPU-hours before deadline)`,
      );
    }
  }
}
