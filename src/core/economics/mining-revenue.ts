/**
 * Mining revenue per MWh of facility energy for a machine of a given efficiency:
 * hashprice / 24 h x TH/s per MW (10^6 / J/TH) x (1 - pool fee) / PUE.
 */
export function miningRevenueUsdPerMwh(args: {
  /** USD per TH/s per day. */
  readonly hashpriceUsdPerThDay: number;
  /** J/TH of the machine at its operating point. */
  readonly efficiencyJPerTh: number;
  /** Pool fee, percent (FPPS). */
  readonly poolFeePercent: number;
  /** Facility power / IT power. */
  readonly pue: number;
}): number {
  const thsPerMw = 1e6 / args.efficiencyJPerTh;
  return ((args.hashpriceUsdPerThDay / 24) * thsPerMw * (1 - args.poolFeePercent / 100)) / args.pue;
}

/**
 * Breakeven power price, USD/MWh: the energy price at which a machine's mining revenue equals
 * its energy cost (pool fee and cooling overhead included). Run below it, sleep above it.
 */
export function breakevenPowerPriceUsdPerMwh(args: Parameters<typeof miningRevenueUsdPerMwh>[0]): number {
  return miningRevenueUsdPerMwh(args);
}
