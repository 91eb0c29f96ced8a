import type { GridProgrammeSiteMonth } from './grid-programme-lines.ts';
import type { MonthlyReport } from './monthly-report.ts';

/** A site's full revenue stack for the report's month, exact micro-USD. */
export interface SiteRevenueStack {
  readonly siteId: string;
  readonly miningMicroUsd: bigint;
  /** Simulated GPU market plus marketplace leases. */
  readonly gpuMicroUsd: bigint;
  readonly exportMicroUsd: bigint;
  readonly sellBackMicroUsd: bigint;
  readonly ancillaryMicroUsd: bigint;
  readonly ancillaryByService: Readonly<Record<string, bigint>>;
  /** Fleet-file demand-response credits plus ERS standby and conservation credits. */
  readonly drMicroUsd: bigint;
  readonly fourCpPaidMicroUsd: bigint;
  readonly fourCpAvoidedMicroUsd: bigint;
  /** Supply (with the fixed block), demand charge and battery wear. */
  readonly energyCostMicroUsd: bigint;
  /** Every revenue line less energy cost and the 4CP charge. */
  readonly netMicroUsd: bigint;
}

/** The report with each site's revenue stack: mining, GPU, sell-back, ancillary, DR, 4CP paid and avoided. */
export function withRevenueStack(
  report: MonthlyReport,
  lines: readonly GridProgrammeSiteMonth[],
): MonthlyReport & { readonly revenueStack: readonly SiteRevenueStack[] } {
  const revenueStack = report.sites.map((site): SiteRevenueStack => {
    const l = lines.find((x) => x.siteId === site.siteId && x.month === report.month);
    const sellBack = l?.sellBackMicroUsd ?? 0n;
    const ancillary = l?.ancillaryMicroUsd ?? 0n;
    const dr = site.drCreditsMicroUsd + (l?.drMicroUsd ?? 0n);
    const fourCpPaid = l?.fourCpPaidMicroUsd ?? 0n;
    const gpu = site.gpuMicroUsd + site.leaseMicroUsd;
    return {
      siteId: site.siteId,
      miningMicroUsd: site.miningMicroUsd,
      gpuMicroUsd: gpu,
      exportMicroUsd: site.exportMicroUsd,
      sellBackMicroUsd: sellBack,
      ancillaryMicroUsd: ancillary,
      ancillaryByService: l?.ancillaryByService ?? {},
      drMicroUsd: dr,
      fourCpPaidMicroUsd: fourCpPaid,
      fourCpAvoidedMicroUsd: l?.fourCpAvoidedMicroUsd ?? 0n,
      energyCostMicroUsd: site.energyCostMicroUsd,
      netMicroUsd:
        site.miningMicroUsd +
        gpu +
        site.exportMicroUsd +
        sellBack +
        ancillary +
        dr -
        site.energyCostMicroUsd -
        fourCpPaid,
    };
  });
  return { ...report, revenueStack };
}
