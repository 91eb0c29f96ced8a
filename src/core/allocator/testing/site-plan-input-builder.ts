import type {
  BatteryState,
  GpuGroupCapability,
  MinerGroupCapability,
  SitePlanInput,
} from '../site-plan-input.ts';

/**
 * Test double for the allocator's input: a one-site snapshot configured fluently.
 * Defaults: hourly intervals, PUE 1, no pool fee, no battery, no GPUs, no export.
 */
export class SitePlanInputBuilder {
  private input: SitePlanInput;

  constructor(prices: readonly number[]) {
    const n = prices.length;
    this.input = {
      siteId: 'test-site',
      startMs: Date.parse('2023-08-10T00:00:00Z'),
      intervalMinutes: 60,
      intervals: n,
      timeZone: 'America/Chicago',
      pue: 1,
      poolFeePercent: 0,
      importPriceUsdPerMwh: prices,
      exportPriceUsdPerMwh: prices,
      importLimitMw: new Array(n).fill(100),
      demandResponse: new Array(n).fill(undefined),
      exportLimitMw: 0,
      renewableMw: new Array(n).fill(0),
      ppaMw: 0,
      ppaPriceUsdPerMwh: 0,
      hashpriceUsdPerThDay: new Array(n).fill(0.05),
      minerGroups: [],
      gpuGroups: [],
      batchJobs: [],
    };
  }

  with(patch: Partial<SitePlanInput>): this {
    this.input = { ...this.input, ...patch };
    return this;
  }

  /** A group of `maxMw` earning `usdPerMwh` of mining revenue at the default hashprice (0.05 USD/TH/day). */
  withMiners(id: string, maxMw: number, usdPerMwh: number, efficiencyJPerTh = 20): this {
    const group: MinerGroupCapability = {
      id,
      model: id,
      count: 1,
      segments: [{ maxMw, thsPerMw: (usdPerMwh * 24) / 0.05 }],
      nameplateEfficiencyJPerTh: efficiencyJPerTh,
    };
    return this.with({ minerGroups: [...this.input.minerGroups, group] });
  }

  withBattery(battery: Partial<BatteryState> & Pick<BatteryState, 'capacityMwh'>): this {
    return this.with({
      battery: {
        chargeMw: battery.capacityMwh,
        dischargeMw: battery.capacityMwh,
        chargeEfficiency: 1,
        dischargeEfficiency: 1,
        socMinMwh: 0,
        socMaxMwh: battery.capacityMwh,
        socMwh: 0,
        cycleCostUsdPerMwh: 0,
        ...battery,
      },
    });
  }

  withGpus(group: Partial<GpuGroupCapability> & Pick<GpuGroupCapability, 'id' | 'count'>): this {
    const n = this.input.intervals;
    const full: GpuGroupCapability = {
      model: 'H100 SXM',
      wattsPerGpu: 700,
      idleWattsPerGpu: 70,
      committedGpus: new Array(n).fill(0),
      interruptibleGpus: new Array(n).fill(0),
      interruptibleUsdPerGpuHour: 0,
      ...group,
    };
    return this.with({ gpuGroups: [...this.input.gpuGroups, full] });
  }

  build(): SitePlanInput {
    return this.input;
  }
}
