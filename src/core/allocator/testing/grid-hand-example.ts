import { SitePlanInputBuilder } from './site-plan-input-builder.ts';

/** 4CP charge if an interval is a peak: $5.50/kW-month x 1000 kW x 12 months / 4 peaks = $16,500 per MW. */
export const HAND_FOUR_CP_USD_PER_MW = 16_500;

/**
 * The grid-products example solved by hand (one site, four hourly intervals, PUE 1, no battery):
 * 10 MW of miners earning $50/MWh; energy $30, $80, $30, $30/MWh; RRS $10, $40, $5, $15 per MW-h, up
 * to 8 MW, carried only by running mining load; interval 3 is a 4CP hour with probability 0.2%
 * (expected charge 0.002 x $16,500 = $33 per MW drawn).
 * Per interval (x MW mined, a MW of RRS <= min(8, x)):
 *   t0: margin +$20/MWh, RRS $10: x = 10, a = 8 -> 200 + 80 = $280
 *   t1: margin -$30/MWh, RRS $40: x = a = 8 (RRS pays for the loss) -> -240 + 320 = $80
 *   t2: margin +$20/MWh, RRS $5: x = 10, a = 8 -> 200 + 40 = $240
 *   t3: margin +$20 - $33 4CP = -$13/MW, RRS $15: x = a = 8 -> -104 + 120 = $16
 * Optimum $616, mining [10, 8, 10, 8] MW, RRS 8 MW in every interval.
 */
export function gridHandExample() {
  return new SitePlanInputBuilder([30, 80, 30, 30])
    .withMiners('s21', 10, 50)
    .with({
      gridProducts: {
        ancillary: [{ service: 'rrs', maxMw: 8, reducesLoad: true, priceUsdPerMwHour: [10, 40, 5, 15] }],
        fourCpProbability: [0, 0, 0, 0.002],
        fourCpUsdPerMw: HAND_FOUR_CP_USD_PER_MW,
      },
    })
    .build();
}

export const GRID_HAND_OPTIMUM_USD = 616;
