import { SitePlanInputBuilder } from './site-plan-input-builder.ts';

/**
 * The worked example solved by hand (one site, four hourly intervals):
 * prices $20, $80, $30, $100/MWh; 10 MW of miners earning $50/MWh; a 10 MWh / 10 MW lossless battery
 * starting empty; import up to 20 MW, export up to 10 MW at the market price.
 * Optimum: mine at $20 and $30 (margin $30 and $20 per MWh), sleep at $80 and $100 (export beats
 * mining); charge 10 MWh at $20, export it at $80, recharge at $30, export at $100.
 * Value = mining 2 x 10 x 50 - import (20 x 20 + 20 x 30) + export (10 x 80 + 10 x 100) = 1000 - 1000 + 1800 = $1,800.
 */
export function handExample() {
  return new SitePlanInputBuilder([20, 80, 30, 100])
    .withMiners('s19', 10, 50)
    .withBattery({ capacityMwh: 10 })
    .with({ importLimitMw: [20, 20, 20, 20], exportLimitMw: 10 })
    .build();
}
