import { BPS } from '../accounting/expected-production.ts';
import { expectedDaySats, type NetworkDay } from '../accounting/network-day.ts';

/** Why a site-day's credit is off, as far as the figures tell. */
export type EarningsCause =
  | 'credit-missing'
  | 'pool-hashrate-below-agent'
  | 'rejected-shares'
  | 'pool-side-loss'
  | 'no-telemetry'
  | 'no-network-data';

/** Expected FPPS production against the pool's credit, for one site and UTC day. */
export interface EarningsCheck {
  readonly siteId: string;
  readonly date: string;
  /** FPPS expected from the measured hashrate and the day's network data, sats; null when not computable. */
  readonly expectedSats: bigint | null;
  /** Sum of the day's pool credits, sats; null when the pool credited nothing yet. */
  readonly creditedSats: bigint | null;
  /** (credited - expected) / expected in basis points; null when either is missing. */
  readonly deviationBps: bigint | null;
  readonly withinTolerance: boolean;
  /** The likely cause when outside tolerance or not computable; null when fine. */
  readonly cause: EarningsCause | null;
  readonly explanation: string;
}

export interface EarningsCheckInput {
  readonly siteId: string;
  readonly date: string;
  /** Measured average operating hashrate over the day, H/s; null when the day has no telemetry. */
  readonly measuredHashrateHs: bigint | null;
  readonly network: NetworkDay | undefined;
  readonly poolFeeBps: bigint;
  readonly creditedSats: bigint | null;
  /** Allowed |deviation|, basis points (default 300 = 3 %, a day's FPPS rounding, fees and latency). */
  readonly toleranceBps?: bigint;
  /** The pool's own view of the site's hashrate that day, H/s, when the pool reports one. */
  readonly poolHashrateHs?: bigint | null;
  /** Share of shares the pool rejected, basis points, when known. */
  readonly rejectedBps?: bigint | null;
}

/**
 * Compares the pool's credit with FPPS expected from what the agents measured (ADR 0004 formula,
 * `expectedDaySats`). Outside tolerance the cause named is, in order: no credit at all; the pool
 * seeing less hashrate than the agents (by more than the tolerance); rejected shares above the
 * tolerance; else a pool-side loss (stale work, fee or payout terms).
 */
export function checkEarnings(input: EarningsCheckInput): EarningsCheck {
  const tolerance = input.toleranceBps ?? 300n;
  const base = { siteId: input.siteId, date: input.date, creditedSats: input.creditedSats };
  if (input.measuredHashrateHs === null)
    return {
      ...base,
      expectedSats: null,
      deviationBps: null,
      withinTolerance: false,
      cause: 'no-telemetry',
      explanation: `no stored telemetry for ${input.date}: expected production unknown (gap)`,
    };
  if (input.network === undefined)
    return {
      ...base,
      expectedSats: null,
      deviationBps: null,
      withinTolerance: false,
      cause: 'no-network-data',
      explanation: `no network data (difficulty, fees) for ${input.date}`,
    };
  const expectedSats = expectedDaySats(input.network, input.measuredHashrateHs, input.poolFeeBps);
  if (input.creditedSats === null)
    return {
      ...base,
      expectedSats,
      deviationBps: null,
      withinTolerance: expectedSats === 0n,
      cause: expectedSats === 0n ? null : 'credit-missing',
      explanation:
        expectedSats === 0n
          ? 'nothing hashed, nothing credited'
          : `no pool credit for ${input.date}; expected ${expectedSats} sats`,
    };
  if (expectedSats === 0n) {
    const fine = input.creditedSats === 0n;
    return {
      ...base,
      expectedSats,
      deviationBps: null,
      withinTolerance: fine,
      cause: fine ? null : 'pool-side-loss',
      explanation: fine ? 'nothing hashed, nothing credited' : 'credit for a day with no measured hashrate',
    };
  }
  const deviationBps = ((input.creditedSats - expectedSats) * BPS) / expectedSats;
  const within = deviationBps <= tolerance && deviationBps >= -tolerance;
  let cause: EarningsCause | null = null;
  if (!within) {
    const pool = input.poolHashrateHs ?? null;
    if (pool !== null && (input.measuredHashrateHs - pool) * BPS > tolerance * input.measuredHashrateHs)
      cause = 'pool-hashrate-below-agent';
    else if ((input.rejectedBps ?? 0n) > tolerance) cause = 'rejected-shares';
    else cause = 'pool-side-loss';
  }
  return {
    ...base,
    expectedSats,
    deviationBps,
    withinTolerance: within,
    cause,
    explanation: `credited ${input.creditedSats} sats vs ${expectedSats} expected (${Number(deviationBps) / 100} %)${
      cause ? `: likely ${cause}` : ''
    }`,
  };
}
