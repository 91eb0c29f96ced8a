import type { LpBuilder } from './linear-program.ts';
import type { SitePlanInput } from './site-plan-input.ts';

/** Where the grid products live in the program's variable vector, per interval (-1 when absent). */
export interface GridProductsLayout {
  /** Block energy used on site, MW (the rest of the block is sold back). */
  readonly blockUsed: number[];
  /** [product][t] -> awarded capacity, MW. */
  readonly ancillary: number[][];
  /** Battery discharge headroom carrying capacity, MW. */
  readonly batteryCarry: number[];
  /** Meter import counted for the expected 4CP charge, MW. */
  readonly fourCpImport: number[];
  /** Standby held, MW (an hour not held forfeits its payment). */
  readonly standby: number[];
}

/** The variables of the site LP the grid products tie into. */
export interface CoreVariables {
  readonly miner: number[][][];
  readonly gridImport: number[];
  readonly charge: number[];
  readonly discharge: number[];
  readonly soc: number[];
}

export const gridProductConstraintNames: ReadonlyArray<[string, string]> = [
  ['meterImport', 'grid import limit including the fixed-price block'],
  [
    'curtailable',
    'ancillary awards and standby covered by curtailable load (mining x PUE, battery headroom)',
  ],
  ['regDownRoom', 'reg-down award covered by room to raise mining load'],
  ['curtailInTime', 'ancillary awards curtailable within the ramp limit'],
  ['carryHeadroom', 'battery capacity carried within its discharge rate'],
  ['carryEnergy', 'battery capacity carried backed by stored energy'],
  ['fourCp', 'meter import in a likely 4CP interval'],
];

/**
 * Adds the grid-product variables: block energy used (priced at the market price: the unused
 * block sells back at it, so the fixed price is a constant), ancillary awards (paid the capacity
 * price per MW-hour), battery carry and the 4CP import. Returns the layout; the energy balance takes
 * `blockUsed` as supply.
 */
export function addGridProductVariables(b: LpBuilder, input: SitePlanInput): GridProductsLayout | undefined {
  const products = input.gridProducts;
  if (!products) return undefined;
  const T = input.intervals;
  const h = input.intervalMinutes / 60;
  const range = Array.from({ length: T }, (_, t) => t);
  const block = products.block;
  const blockUsed = range.map((t) =>
    block ? b.variable(`blk_${t}`, 0, block.blockMw, -h * input.exportPriceUsdPerMwh[t]!) : -1,
  );
  if (block) {
    for (const t of range)
      b.addConstant(h * block.blockMw * (input.exportPriceUsdPerMwh[t]! - block.priceUsdPerMwh));
  }
  const ancillary = products.ancillary.map((product) =>
    range.map((t) =>
      b.variable(`as_${product.service}_${t}`, 0, product.maxMw, h * finite(product.priceUsdPerMwHour[t])),
    ),
  );
  const carries = input.battery !== undefined && products.ancillary.some((p) => p.reducesLoad);
  const batteryCarry = range.map((t) =>
    carries ? b.variable(`bcar_${t}`, 0, input.battery!.dischargeMw, 0) : -1,
  );
  const probability = products.fourCpProbability;
  const cost = products.fourCpUsdPerMw ?? 0;
  const fourCpImport = range.map((t) =>
    probability && cost > 0 && (probability[t] ?? 0) > 0
      ? b.variable(`cp_${t}`, 0, Number.POSITIVE_INFINITY, -probability[t]! * cost)
      : -1,
  );
  const standby = range.map((t) =>
    (products.standbyMw?.[t] ?? 0) > 0
      ? b.variable(`sby_${t}`, 0, products.standbyMw![t]!, h * (products.standbyUsdPerMwHour ?? 0))
      : -1,
  );
  return { blockUsed, ancillary, batteryCarry, fourCpImport, standby };
}

/** Adds the constraints that tie the products to the site's load, battery and grid connection. */
export function addGridProductConstraints(
  b: LpBuilder,
  input: SitePlanInput,
  core: CoreVariables,
  layout: GridProductsLayout,
): void {
  const products = input.gridProducts!;
  const battery = input.battery;
  const maxMiningMw = input.minerGroups.reduce(
    (s, g) => s + g.segments.reduce((x, seg) => x + seg.maxMw, 0),
    0,
  );
  for (let t = 0; t < input.intervals; t++) {
    const mining: Array<[number, number]> = [];
    for (const group of core.miner) for (const segment of group) mining.push([segment[t]!, input.pue]);
    if (layout.blockUsed[t]! >= 0) {
      b.constraint(
        `meterImport_${t}`,
        [
          [core.gridImport[t]!, 1],
          [layout.blockUsed[t]!, 1],
        ],
        '<=',
        input.importLimitMw[t]!,
      );
    }
    const up: Array<[number, number]> = [];
    products.ancillary.forEach((product, p) => {
      if (product.reducesLoad) up.push([layout.ancillary[p]![t]!, 1]);
      else
        b.constraint(
          `regDownRoom_${product.service}_${t}`,
          [[layout.ancillary[p]![t]!, 1], ...mining],
          '<=',
          input.pue * maxMiningMw,
        );
    });
    if (layout.standby[t]! >= 0) up.push([layout.standby[t]!, 1]);
    if (up.length > 0) {
      const carry: Array<[number, number]> =
        layout.batteryCarry[t]! >= 0 ? [[layout.batteryCarry[t]!, -1]] : [];
      b.constraint(
        `curtailable_${t}`,
        [...up, ...mining.map(([index, c]) => [index, -c] as [number, number]), ...carry],
        '<=',
        0,
      );
      if (input.rampMwPerInterval !== undefined && up.length > 0)
        b.constraint(`curtailInTime_${t}`, up, '<=', input.pue * input.rampMwPerInterval);
    }
    if (battery && layout.batteryCarry[t]! >= 0) {
      b.constraint(
        `carryHeadroom_${t}`,
        [
          [layout.batteryCarry[t]!, 1],
          [core.discharge[t]!, 1],
          [core.charge[t]!, -1],
        ],
        '<=',
        battery.dischargeMw,
      );
      const hours = products.batteryCarryHours ?? 1;
      b.constraint(
        `carryEnergy_${t}`,
        [
          [layout.batteryCarry[t]!, hours / battery.dischargeEfficiency],
          [core.soc[t]!, -1],
        ],
        '<=',
        -battery.socMinMwh,
      );
    }
    if (layout.fourCpImport[t]! >= 0) {
      const terms: Array<[number, number]> = [
        [layout.fourCpImport[t]!, 1],
        [core.gridImport[t]!, -1],
      ];
      if (layout.blockUsed[t]! >= 0) terms.push([layout.blockUsed[t]!, -1]);
      b.constraint(`fourCp_${t}`, terms, '>=', 0);
    }
  }
}

function finite(value: number | undefined): number {
  return value === undefined || !Number.isFinite(value) ? 0 : value;
}
