import { daysInMonth, parseMonth } from '../time/calendar.ts';
import { type DrEventResult, siteDrCredits } from './dr-credits.ts';
import { formatScaled, roundHalfEvenDiv, SATS_PER_BTC } from './exact-units.ts';
import type { LeaseMonth } from './lease-revenue.ts';
import { buildLeaseReport, type LeaseReport, siteLeaseRevenue } from './monthly-report-leases.ts';
import type { SiteRevenueStack } from './revenue-stack-report.ts';
import type { SiteDay } from './site-day.ts';

export { daysInMonth, previousMonth } from '../time/calendar.ts';

export { bpsText, monthlyReportToCsv, monthlyReportToJson } from './monthly-report-csv.ts';
export { checkReportAgainstLedger, postSiteDays } from './monthly-report-ledger.ts';

/** A site as the report names it. */
export interface ReportSite {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  /** Nameplate hashrate of every miner at full power, TH/s (from the fleet file and miner models). */
  readonly deployedHashrateThs: number;
}

export interface MonthlyReportInput {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly strategy: string;
  readonly sites: readonly ReportSite[];
  /** Exact site-days; days outside the month are ignored. */
  readonly siteDays: readonly SiteDay[];
  /** GPU leases the marketplace sold in the month (metered or invoiced), when it runs. */
  readonly leases?: LeaseMonth;
  /** Demand-response events at the sites in the month, with their credits. */
  readonly drEvents?: readonly DrEventResult[];
  /** The previous month, when it could be run, for month-over-month change. */
  readonly previous?: {
    readonly month: string;
    readonly siteDays: readonly SiteDay[];
    readonly leases?: LeaseMonth;
    readonly drEvents?: readonly DrEventResult[];
  };
  readonly notes?: readonly string[];
}

/** Exact figures of a site, a region or the fleet over the month. */
export interface Figures {
  readonly btcMinedSats: bigint;
  /** Operating hashrate x time, TH x s. */
  readonly hashrateThSeconds: bigint;
  readonly deployedHashrateThs: number;
  readonly energyUsedWh: bigint;
  /** Renewable energy consumed on site: renewable used less exports, capped at consumption, Wh. */
  readonly greenEnergyWh: bigint;
  readonly supplyCostMicroUsd: bigint;
  readonly demandChargeMicroUsd: bigint;
  readonly batteryCostMicroUsd: bigint;
  /** supply + demand charge + battery wear. */
  readonly energyCostMicroUsd: bigint;
  readonly miningMicroUsd: bigint;
  /** GPU revenue of the backtest's simulated GPU market (its committed share and interruptible prices). */
  readonly gpuMicroUsd: bigint;
  /** GPU lease revenue the marketplace metered or invoiced (0 without a marketplace). */
  readonly leaseMicroUsd: bigint;
  readonly exportMicroUsd: bigint;
  /** Demand-response credits earned in the month. */
  readonly drCreditsMicroUsd: bigint;
  /** mining + GPU + leases + exports + DR credits. */
  readonly revenueMicroUsd: bigint;
}

/** Ratios derived from figures over a period (not summable). */
export interface Derived {
  /** Average operating hashrate over the calendar month, TH/s, 3 decimals (half-even). */
  readonly avgOperatingHashrateThs: string;
  /** Average operating / deployed, basis points (undefined without deployed hashrate). */
  readonly operatingShareBps: bigint | undefined;
  /** All-in energy cost per BTC mined, micro-USD per BTC (half-even); undefined when nothing was mined. */
  readonly costPerBtcMicroUsd: bigint | undefined;
  /** Green energy / energy used, basis points (half-even); undefined without consumption. */
  readonly greenShareBps: bigint | undefined;
}

export interface SiteReport extends Figures, Derived {
  readonly siteId: string;
  readonly name: string;
  readonly region: string;
}

export interface RegionReport extends Figures, Derived {
  readonly region: string;
  readonly siteIds: readonly string[];
}

export interface Change {
  readonly previous: bigint;
  readonly current: bigint;
  readonly difference: bigint;
  /** difference / previous, basis points truncated toward zero; undefined when previous is 0. */
  readonly changeBps: bigint | undefined;
}

export interface MonthOverMonth {
  readonly previousMonth: string;
  readonly btcMinedSats: Change;
  readonly energyCostMicroUsd: Change;
  readonly revenueMicroUsd: Change;
  readonly energyUsedWh: Change;
  readonly costPerBtcMicroUsd: Change | undefined;
}

export interface MonthlyReport {
  readonly month: string;
  readonly strategy: string;
  /** Seconds in the calendar month (hashrate averages are over the whole month). */
  readonly monthSeconds: bigint;
  readonly sites: readonly SiteReport[];
  readonly regions: readonly RegionReport[];
  readonly total: Figures & Derived;
  /** Fleet BTC mined per UTC day of the month, sats. */
  readonly dailyBtcSats: readonly { readonly date: string; readonly sats: bigint }[];
  /** GPU leases by site and tier: revenue, GPU-hours sold, utilisation (absent without a marketplace). */
  readonly leases: LeaseReport | undefined;
  /** Demand-response events of the month, per site, with curtailed energy and credits. */
  readonly drEvents: readonly DrEventResult[];
  readonly monthOverMonth: MonthOverMonth | undefined;
  readonly notes: readonly string[];
  /** Each site's revenue stack with its grid-programme lines (revenue-stack-report.ts), when run. */
  readonly revenueStack?: readonly SiteRevenueStack[];
}

/** Builds the month's production report from exact site-days. Pure; every total is a sum of site-days. */
export function buildMonthlyReport(input: MonthlyReportInput): MonthlyReport {
  parseMonth(input.month);
  const monthSeconds = BigInt(daysInMonth(input.month)) * 86_400n;
  const days = input.siteDays.filter((d) => d.date.startsWith(`${input.month}-`));
  const leases = input.leases
    ? buildLeaseReport(
        input.leases,
        input.sites.map((s) => s.id),
      )
    : undefined;
  const drEvents = input.drEvents ?? [];
  const sites = input.sites.map((site): SiteReport => {
    const figures = sumFigures(
      days.filter((d) => d.siteId === site.id),
      site.deployedHashrateThs,
      {
        lease: siteLeaseRevenue(leases, site.id),
        dr: siteDrCredits(drEvents, site.id),
      },
    );
    return {
      siteId: site.id,
      name: site.name,
      region: site.region,
      ...figures,
      ...derive(figures, monthSeconds),
    };
  });
  const regionNames = [...new Set(input.sites.map((s) => s.region))].sort();
  const regions = regionNames.map((region): RegionReport => {
    const members = sites.filter((s) => s.region === region);
    const figures = addFigures(members);
    return { region, siteIds: members.map((s) => s.siteId), ...figures, ...derive(figures, monthSeconds) };
  });
  const totalFigures = addFigures(sites);
  const total = { ...totalFigures, ...derive(totalFigures, monthSeconds) };
  const byDate = new Map<string, bigint>();
  for (const d of days) byDate.set(d.date, (byDate.get(d.date) ?? 0n) + d.btcMinedSats);
  const dailyBtcSats = [...byDate]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, sats]) => ({ date, sats }));
  let monthOverMonth: MonthOverMonth | undefined;
  if (input.previous) {
    const prev = buildMonthlyReport({
      month: input.previous.month,
      strategy: input.strategy,
      sites: input.sites,
      siteDays: input.previous.siteDays,
      ...(input.previous.leases ? { leases: input.previous.leases } : {}),
      ...(input.previous.drEvents ? { drEvents: input.previous.drEvents } : {}),
    });
    monthOverMonth = {
      previousMonth: input.previous.month,
      btcMinedSats: change(prev.total.btcMinedSats, total.btcMinedSats),
      energyCostMicroUsd: change(prev.total.energyCostMicroUsd, total.energyCostMicroUsd),
      revenueMicroUsd: change(prev.total.revenueMicroUsd, total.revenueMicroUsd),
      energyUsedWh: change(prev.total.energyUsedWh, total.energyUsedWh),
      costPerBtcMicroUsd:
        prev.total.costPerBtcMicroUsd !== undefined && total.costPerBtcMicroUsd !== undefined
          ? change(prev.total.costPerBtcMicroUsd, total.costPerBtcMicroUsd)
          : undefined,
    };
  }
  const notes = [...(input.notes ?? [])];
  const expectedDays = daysInMonth(input.month);
  for (const site of sites) {
    const n = new Set(days.filter((d) => d.siteId === site.siteId).map((d) => d.date)).size;
    if (n < expectedDays) notes.push(`${site.siteId}: ${n} of ${expectedDays} days settled`);
  }
  return {
    month: input.month,
    strategy: input.strategy,
    monthSeconds,
    sites,
    regions,
    total,
    dailyBtcSats,
    leases,
    drEvents,
    monthOverMonth,
    notes,
  };
}

function sumFigures(
  days: readonly SiteDay[],
  deployedHashrateThs: number,
  extra: { readonly lease: bigint; readonly dr: bigint },
): Figures {
  let btc = 0n;
  let th = 0n;
  let energy = 0n;
  let green = 0n;
  let supply = 0n;
  let demand = 0n;
  let battery = 0n;
  let mining = 0n;
  let gpu = 0n;
  let exp = 0n;
  for (const d of days) {
    btc += d.btcMinedSats;
    th += d.hashrateThSeconds;
    energy += d.energyUsedWh;
    green += clamp(d.renewableUsedWh - d.exportWh, 0n, d.energyUsedWh);
    supply += d.supplyCostMicroUsd;
    demand += d.demandChargeMicroUsd;
    battery += d.batteryCostMicroUsd;
    mining += d.miningMicroUsd;
    gpu += d.gpuMicroUsd;
    exp += d.exportMicroUsd;
  }
  return {
    btcMinedSats: btc,
    hashrateThSeconds: th,
    deployedHashrateThs,
    energyUsedWh: energy,
    greenEnergyWh: green,
    supplyCostMicroUsd: supply,
    demandChargeMicroUsd: demand,
    batteryCostMicroUsd: battery,
    energyCostMicroUsd: supply + demand + battery,
    miningMicroUsd: mining,
    gpuMicroUsd: gpu,
    leaseMicroUsd: extra.lease,
    exportMicroUsd: exp,
    drCreditsMicroUsd: extra.dr,
    revenueMicroUsd: mining + gpu + extra.lease + exp + extra.dr,
  };
}

function addFigures(parts: readonly Figures[]): Figures {
  const sum = (pick: (f: Figures) => bigint) => parts.reduce((s, f) => s + pick(f), 0n);
  return {
    btcMinedSats: sum((f) => f.btcMinedSats),
    hashrateThSeconds: sum((f) => f.hashrateThSeconds),
    deployedHashrateThs: parts.reduce((s, f) => s + f.deployedHashrateThs, 0),
    energyUsedWh: sum((f) => f.energyUsedWh),
    greenEnergyWh: sum((f) => f.greenEnergyWh),
    supplyCostMicroUsd: sum((f) => f.supplyCostMicroUsd),
    demandChargeMicroUsd: sum((f) => f.demandChargeMicroUsd),
    batteryCostMicroUsd: sum((f) => f.batteryCostMicroUsd),
    energyCostMicroUsd: sum((f) => f.energyCostMicroUsd),
    miningMicroUsd: sum((f) => f.miningMicroUsd),
    gpuMicroUsd: sum((f) => f.gpuMicroUsd),
    leaseMicroUsd: sum((f) => f.leaseMicroUsd),
    exportMicroUsd: sum((f) => f.exportMicroUsd),
    drCreditsMicroUsd: sum((f) => f.drCreditsMicroUsd),
    revenueMicroUsd: sum((f) => f.revenueMicroUsd),
  };
}

function derive(f: Figures, monthSeconds: bigint): Derived {
  const avgMilliThs = roundHalfEvenDiv(f.hashrateThSeconds * 1000n, monthSeconds);
  const deployedMilliThs = BigInt(Math.round(f.deployedHashrateThs * 1000));
  return {
    avgOperatingHashrateThs: formatScaled(avgMilliThs, 3),
    operatingShareBps:
      deployedMilliThs > 0n ? roundHalfEvenDiv(avgMilliThs * 10_000n, deployedMilliThs) : undefined,
    costPerBtcMicroUsd:
      f.btcMinedSats > 0n ? roundHalfEvenDiv(f.energyCostMicroUsd * SATS_PER_BTC, f.btcMinedSats) : undefined,
    greenShareBps:
      f.energyUsedWh > 0n ? roundHalfEvenDiv(f.greenEnergyWh * 10_000n, f.energyUsedWh) : undefined,
  };
}

function change(previous: bigint, current: bigint): Change {
  const difference = current - previous;
  return {
    previous,
    current,
    difference,
    changeBps: previous === 0n ? undefined : (difference * 10_000n) / (previous < 0n ? -previous : previous),
  };
}

function clamp(v: bigint, lo: bigint, hi: bigint): bigint {
  return v < lo ? lo : v > hi ? hi : v;
}
