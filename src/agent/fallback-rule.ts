import type { SetpointMessage } from '../adapters/broker/index.ts';
import { breakevenPowerPriceUsdPerMwh } from '../core/economics/mining-revenue.ts';
import { type MinerCommand, planCurtailAll, planDispatch } from './dispatch.ts';
import { curtailView, type DispatchView } from './miner-units.ts';
import type { SiteSnapshot } from './site-snapshot.ts';

/**
 * What the agent does with its miners while it holds no valid setpoint (none received yet, or the
 * last one expired, typically because the link to the control plane is down):
 * - `sleep-all`: every miner sleeps (the safest for the grid, earns nothing);
 * - `hold-last`: the last setpoint's mining power keeps being applied (a curtailed one keeps the
 *   site curtailed); with no setpoint ever received the miners are left as they are;
 * - `breakeven`: each miner hashes when its breakeven power price, at the configured hashprice,
 *   is at or above the configured local power price, and sleeps when it is below.
 */
export type FallbackRule = 'sleep-all' | 'hold-last' | 'breakeven';

export const FALLBACK_RULES: readonly FallbackRule[] = ['sleep-all', 'hold-last', 'breakeven'];

export interface BreakevenSettings {
  /** Hashprice assumed while the control plane is unreachable, USD per TH/s per day. */
  readonly hashpriceUsdPerThDay: number;
  /** Power price the site pays, USD/MWh. */
  readonly localPriceUsdPerMwh: number;
  /** Pool fee, percent. */
  readonly poolFeePercent: number;
  /** Facility power / IT power. */
  readonly pue: number;
}

export interface FallbackSettings {
  readonly rule: FallbackRule;
  /** Required for `breakeven`. */
  readonly breakeven?: BreakevenSettings;
}

export interface FallbackPlan {
  readonly commands: readonly MinerCommand[];
  /** Mining W expected once the commands took effect; null when the rule does not plan a level. */
  readonly expectedMiningW: number | null;
  readonly note: string;
}

export function planFallback(args: {
  readonly settings: FallbackSettings;
  readonly snapshot: SiteSnapshot;
  readonly view: DispatchView;
  /** The newest setpoint received, expired or not. */
  readonly lastSetpoint: SetpointMessage | undefined;
  /** Miners told to wake after the snapshot was read: sleep-all and a held curtailment sleep them too. */
  readonly wokenSince?: ReadonlySet<string>;
}): FallbackPlan {
  const { settings, snapshot, view, lastSetpoint } = args;
  const curtailUnits = () => curtailView(snapshot, args.wokenSince);
  switch (settings.rule) {
    case 'sleep-all':
      return {
        commands: planCurtailAll(curtailUnits()),
        expectedMiningW: 0,
        note: 'sleep-all: every miner sleeps',
      };
    case 'hold-last': {
      if (lastSetpoint === undefined) {
        return {
          commands: [],
          expectedMiningW: null,
          note: 'hold-last: no setpoint received yet, miners left as they are',
        };
      }
      if (lastSetpoint.curtailed) {
        return {
          commands: planCurtailAll(curtailUnits()),
          expectedMiningW: 0,
          note: `hold-last: setpoint ${lastSetpoint.seq} was a curtailment, the site stays curtailed`,
        };
      }
      const plan = planDispatch(view.units, Math.max(0, lastSetpoint.miningMw * 1e6 - view.uncontrolledW));
      return {
        commands: plan.commands,
        expectedMiningW: plan.expectedW + view.uncontrolledW,
        note: `hold-last: holding ${lastSetpoint.miningMw} MW of mining from setpoint ${lastSetpoint.seq}`,
      };
    }
    case 'breakeven': {
      const breakeven = settings.breakeven;
      if (breakeven === undefined) throw new TypeError('the breakeven fallback needs its settings');
      const commands: MinerCommand[] = [];
      let below = 0;
      for (const unit of view.units) {
        const priceUsdPerMwh = breakevenPowerPriceUsdPerMwh({
          hashpriceUsdPerThDay: breakeven.hashpriceUsdPerThDay,
          efficiencyJPerTh: unit.nameplateW / unit.nameplateThs,
          poolFeePercent: breakeven.poolFeePercent,
          pue: breakeven.pue,
        });
        const pays = priceUsdPerMwh >= breakeven.localPriceUsdPerMwh;
        if (!pays) below++;
        if (!pays && unit.hashing) commands.push({ minerId: unit.id, action: 'sleep' });
        if (pays && !unit.hashing) commands.push({ minerId: unit.id, action: 'wake' });
      }
      return {
        commands,
        expectedMiningW: null,
        note:
          `breakeven: ${below} of ${view.units.length} miners break even below ` +
          `${breakeven.localPriceUsdPerMwh} USD/MWh at ${breakeven.hashpriceUsdPerThDay} USD/TH/day and sleep`,
      };
    }
  }
}
