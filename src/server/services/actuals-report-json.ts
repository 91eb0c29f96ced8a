import { microUsdToText, roundHalfEvenDiv, satsToBtcText } from '../../core/accounting/exact-units.ts';
import type { MonthlyReport } from '../../core/accounting/monthly-report.ts';
import type { ActualsReport, WhatIf } from '../contracts/actuals-contract.ts';
import type { ActualsMonthReport } from './actuals-service.ts';

export const ACTUALS_LABELS = {
  actuals:
    'actuals: what happened (hashrate from stored telemetry, energy from utility data / the meter / the labelled device sum at the contract price, BTC from pool credits, DR credits from measured reductions); the only figures booked',
  planned: "planned: the allocator's own stored runs over the same days (never booked)",
  whatIf: "what-if: the backtester's simulation of the month under a strategy (never booked)",
} as const;

/** Cost per BTC: micro-USD x 1e8 / sats, half-even; null when nothing was mined. */
function costPerBtc(costMicroUsd: bigint, sats: bigint): string | null {
  return sats > 0n ? microUsdToText(roundHalfEvenDiv(costMicroUsd * 100_000_000n, sats)) : null;
}

/** The month's actuals as the route returns them, the plan beside them and the what-if when run. */
export function actualsJson(report: ActualsMonthReport, whatIf: WhatIf | null = null): ActualsReport {
  const plannedHs = report.planned.filter((p) => p.operatingEhs !== null);
  return {
    month: report.month,
    basis: 'actuals',
    labels: ACTUALS_LABELS,
    complete: report.complete,
    closed: report.closed,
    totals: {
      operatingEhs: report.totals.operatingEhs,
      deployedEhs: report.totals.deployedEhs,
      minedBtc: satsToBtcText(report.totals.minedSats),
      energyWh: report.totals.energyWh,
      energyCostUsd: microUsdToText(report.totals.energyCostMicroUsd),
      unpricedWh: String(report.totals.unpricedWh),
      costPerBtcUsd: costPerBtc(report.totals.energyCostMicroUsd, report.totals.minedSats),
      drCreditsUsd: microUsdToText(report.totals.drCreditMicroUsd),
      leaseRevenueUsd: microUsdToText(report.totals.leaseRevenueMicroUsd),
      holdingsBtc: satsToBtcText(report.totals.holdingsSats),
    },
    sites: report.sites.map((site) => ({
      siteId: site.siteId,
      operatingEhs: site.operatingEhs,
      deployedEhs: site.deployedEhs,
      minedBtc: satsToBtcText(site.minedSats),
      energyWh: site.energyWh,
      energyCostUsd: microUsdToText(site.energyCostMicroUsd),
      drCreditsUsd: microUsdToText(site.drCreditMicroUsd),
      curtailedDays: [...site.curtailedDays],
      gaps: site.gaps.map((g) => ({ date: g.date, what: g.what })),
      drEvents: site.drEvents.map((e) => ({
        eventId: e.eventId,
        date: e.date,
        baseline: e.baseline,
        baselineWh: String(e.baselineWh),
        measuredWh: e.measuredWh === null ? null : String(e.measuredWh),
        reducedWh: String(e.reducedWh),
        creditUsd: microUsdToText(e.creditMicroUsd),
      })),
      days: site.days.map((day) => ({
        date: day.hashrate.date,
        operatingThs: day.hashrate.averageThs,
        coverage: day.hashrate.coverage,
        uptimeShare: day.hashrate.uptimeShare,
        devicesReporting: day.hashrate.devicesReporting,
        energyWh: day.energy.energyWh,
        energySource: day.energy.source,
        energyCostUsd: day.energyCost ? microUsdToText(day.energyCost.costMicroUsd) : null,
        unpricedWh: day.energyCost ? Number(day.energyCost.unpricedWh) : 0,
        creditedBtc: day.creditedSats === null ? null : satsToBtcText(day.creditedSats),
        expectedBtc: day.check.expectedSats === null ? null : satsToBtcText(day.check.expectedSats),
        withinTolerance: day.check.withinTolerance,
        cause: day.check.cause,
        curtailedHours: day.curtailedHours,
      })),
    })),
    planned: {
      basis: 'planned',
      operatingEhs: plannedHs.length > 0 ? plannedHs.reduce((t, p) => t + p.operatingEhs!, 0) : null,
      expectedBtc: satsToBtcText(report.planned.reduce((t, p) => t + p.expectedSats, 0n)),
      energyWh: report.planned.reduce((t, p) => t + p.energyWh, 0),
      sites: report.planned.map((p) => ({
        siteId: p.siteId,
        coverage: p.coverage,
        operatingEhs: p.operatingEhs,
        expectedBtc: satsToBtcText(p.expectedSats),
        energyWh: p.energyWh,
      })),
    },
    whatIf,
  };
}

/** The backtest's figures of the month as the what-if column. */
export function whatIfJson(report: MonthlyReport): WhatIf {
  const total = report.total;
  return {
    basis: 'what-if',
    label: `${ACTUALS_LABELS.whatIf}: strategy ${report.strategy}`,
    strategy: report.strategy,
    btcMined: satsToBtcText(total.btcMinedSats),
    operatingEhs: Number(total.avgOperatingHashrateThs) / 1e6,
    energyWh: String(total.energyUsedWh),
    energyCostUsd: microUsdToText(total.energyCostMicroUsd),
    drCreditsUsd: microUsdToText(total.drCreditsMicroUsd),
    costPerBtcUsd: total.costPerBtcMicroUsd === undefined ? null : microUsdToText(total.costPerBtcMicroUsd),
  };
}
