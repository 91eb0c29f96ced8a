/**
 * What a site does when the allocator cannot plan it (no usable price, a solver failure):
 * hold the last setpoint for `holdMinutes`, then `breakeven` (mine while the last known power price
 * is below the miners' breakeven) or `sleep`. The default never sleeps a fleet for want of data.
 */
export interface FailurePolicy {
  readonly holdMinutes: number;
  readonly afterHold: 'breakeven' | 'sleep';
}

export const DEFAULT_FAILURE_POLICY: FailurePolicy = { holdMinutes: 60, afterHold: 'breakeven' };

export interface FallbackInput {
  readonly policy: FailurePolicy;
  readonly nowMs: number;
  /** When the site's plans began to fail. */
  readonly failingSinceMs: number;
  /** The last setpoint the site was given, if any. */
  readonly last?: { readonly miningMw: number; readonly aiMw: number; readonly batteryMw: number };
  /** The site's full mining load, MW (facility). */
  readonly fullMiningMw: number;
  /** The last known power price and when its interval started. */
  readonly lastPrice?: { readonly value: number; readonly atMs: number; readonly unit: string };
  /** Breakeven power price of the site's miners, in the price's unit (undefined: unknown hashprice). */
  readonly breakevenPerMwh?: number;
}

export interface FallbackSetpoint {
  readonly miningMw: number;
  readonly aiMw: number;
  readonly batteryMw: number;
  /** The rule applied, for the site's explanation. */
  readonly reason: string;
}

/** The setpoint the failure policy gives, with the rule in words. */
export function fallbackSetpoint(input: FallbackInput): FallbackSetpoint {
  const { policy, nowMs, last } = input;
  const name = `failure policy: hold ${policy.holdMinutes} min, then ${policy.afterHold}`;
  const heldMs = nowMs - input.failingSinceMs;
  const holdMs = policy.holdMinutes * 60_000;
  if (last && heldMs < holdMs) {
    return {
      ...last,
      reason: `${name}: holding the last setpoint (${Math.ceil((holdMs - heldMs) / 60_000)} min left)`,
    };
  }
  if (policy.afterHold === 'sleep') {
    return { miningMw: 0, aiMw: last?.aiMw ?? 0, batteryMw: 0, reason: `${name}: miners asleep` };
  }
  const aiMw = last?.aiMw ?? 0;
  if (input.lastPrice && input.breakevenPerMwh !== undefined) {
    const mine = input.lastPrice.value <= input.breakevenPerMwh;
    const price = `${input.lastPrice.value.toFixed(2)} ${input.lastPrice.unit} (interval ${new Date(input.lastPrice.atMs).toISOString()})`;
    return {
      miningMw: mine ? input.fullMiningMw : 0,
      aiMw,
      batteryMw: 0,
      reason: `${name}: last known price ${price} ${mine ? '<=' : '>'} breakeven ${input.breakevenPerMwh.toFixed(2)}: ${mine ? 'mining at full power' : 'miners asleep'}`,
    };
  }
  if (last) {
    return { ...last, reason: `${name}: no known price or hashprice, still holding the last setpoint` };
  }
  return {
    miningMw: input.fullMiningMw,
    aiMw,
    batteryMw: 0,
    reason: `${name}: no setpoint, price or hashprice known: mining at full power`,
  };
}

/** Breakeven power price (per MWh) of miners at `jPerTh` given the hashprice in USD per TH/s per day. */
export function breakevenPerMwh(usdPerThDay: number, jPerTh: number): number {
  // One TH/s for a day at jPerTh J/TH uses jPerTh x 24 Wh = jPerTh x 24e-6 MWh.
  return usdPerThDay / (jPerTh * 24e-6);
}
