/** What the grid programmes added to one settled interval (USD, MW averages over the interval). */
export interface ProgrammeOutcome {
  /** Ancillary capacity held by service after clipping to the curtailable load, MW. */
  readonly awardsMw: Readonly<Record<string, number>>;
  /** Load-reducing awards plus ERS standby held, MW. */
  readonly heldUpMw: number;
  /** Curtailable load at the interval: running mining x PUE, the reduction delivered and battery headroom, MW. */
  readonly curtailableMw: number;
  /** Reduction the deployments in this interval required, and what the site delivered, MW. */
  readonly deployedMw: number;
  readonly deliveredMw: number;
  readonly sellBackMw: number;
  /** The unused block sold back at the settlement point's real-time price (power credits). */
  readonly sellBackUsd: number;
  /** Block energy cost (fixed block + above-block purchases) less the meter import at the market price. */
  readonly blockCostDeltaUsd: number;
  /** Capacity payments, less any forfeited for a deployment not delivered. */
  readonly ancillaryUsd: number;
  /** The same by service. */
  readonly ancillaryUsdByService: Readonly<Record<string, number>>;
  /** ERS standby payment and voluntary-conservation credit. */
  readonly ersUsd: number;
  readonly conservationUsd: number;
  /** 4CP transmission charge incurred in an actual peak interval, and what full load would have cost more. */
  readonly fourCpPaidUsd: number;
  readonly fourCpAvoidedUsd: number;
}
