import type { MarketSeriesSpec } from '../../core/ports/market-history.ts';

export const DAY_MS = 86_400_000;

/** The BtcDay fields stored as daily series, with their unit. */
export const BTC_DAY_FIELDS = {
  priceUsd: 'USD/BTC',
  difficulty: 'difficulty',
  hashrateEhs: 'EH/s',
  blockCount: 'blocks/day',
  feesBtc: 'BTC/day',
  subsidyBtc: 'BTC/day',
} as const;
export type BtcDayField = keyof typeof BTC_DAY_FIELDS;

/**
 * Keys of the stored series: `power:<series id>` (the file/series id the fleet file names),
 * `btc:<BtcDay field>` daily, `btc-epoch:difficulty|height` keyed by the epoch's start day,
 * `btc:height` (chain tip, per poll), `solar:<id>:ghi|temp`, `wind:<id>:<hub height m>`.
 */
export const seriesKeys = {
  power: (id: string) => `power:${id}`,
  btcDay: (field: BtcDayField) => `btc:${field}`,
  epochDifficulty: 'btc-epoch:difficulty',
  epochHeight: 'btc-epoch:height',
  tipHeight: 'btc:height',
  solarGhi: (id: string) => `solar:${id}:ghi`,
  solarTemp: (id: string) => `solar:${id}:temp`,
  wind: (id: string, heightM: number) => `wind:${id}:${heightM}`,
} as const;

export function powerSpec(id: string, currency: string, resolutionMs: number): MarketSeriesSpec {
  return { key: seriesKeys.power(id), kind: 'power-price', unit: `${currency}/MWh`, resolutionMs };
}

export function btcDaySpec(field: BtcDayField): MarketSeriesSpec {
  return { key: seriesKeys.btcDay(field), kind: 'btc', unit: BTC_DAY_FIELDS[field], resolutionMs: DAY_MS };
}

export const epochSpecs = {
  difficulty: { key: seriesKeys.epochDifficulty, kind: 'btc', unit: 'difficulty', resolutionMs: DAY_MS },
  height: { key: seriesKeys.epochHeight, kind: 'btc', unit: 'height', resolutionMs: DAY_MS },
} as const satisfies Record<string, MarketSeriesSpec>;

/** The chain tip as polled: irregular times, kept on a one-second grid. */
export const tipHeightSpec: MarketSeriesSpec = {
  key: seriesKeys.tipHeight,
  kind: 'btc',
  unit: 'height',
  resolutionMs: 1000,
};

export function weatherSpec(key: string, unit: string, resolutionMs: number): MarketSeriesSpec {
  return { key, kind: 'weather', unit, resolutionMs };
}

/** `power:ercot_rt_hb_west` -> `ercot_rt_hb_west`; undefined for other keys. */
export function powerIdOf(key: string): string | undefined {
  return key.startsWith('power:') ? key.slice(6) : undefined;
}

/** The currency of a `<CCY>/MWh` unit. */
export function currencyOfUnit(unit: string): string {
  return unit.split('/')[0] ?? unit;
}
