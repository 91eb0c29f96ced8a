import type { Site } from '../fleet/index.ts';
import type { MarketData } from '../ports/market-data.ts';
import { TimeSeries } from './time-series.ts';

/**
 * A price the energy desk enters by hand. `price` and `fixed-window` replace a stored power-price
 * series' value for every interval in [fromMs, expiresAtMs) (a spot price the feed missed or got
 * wrong, or a fixed price agreed for a window); `tariff-override` replaces a site's grid tariff
 * with a fixed price while in force. The price is an exact decimal string, USD per MWh.
 */
export type ManualPriceKind = 'price' | 'fixed-window' | 'tariff-override';

export interface ManualPriceDraft {
  readonly kind: ManualPriceKind;
  /** The power-price series overridden (`price`, `fixed-window`). */
  readonly seriesId?: string;
  /** The site whose tariff is overridden (`tariff-override`). */
  readonly siteId?: string;
  /** Exact decimal, e.g. `45.00` or `-12.5`. */
  readonly usdPerMwh: string;
  readonly fromMs: number;
  readonly expiresAtMs: number;
  readonly note: string;
}

export interface ManualPrice extends ManualPriceDraft {
  readonly id: string;
  /** Who entered it (API key id). */
  readonly enteredBy: string;
  readonly enteredAtMs: number;
  /** Set when withdrawn before its expiry. */
  readonly removedAtMs?: number;
}

/** An exact decimal price: optional sign, digits, up to 6 decimals. */
export const DECIMAL_PRICE = /^-?\d{1,7}(\.\d{1,6})?$/;

/** Whether `entry` applies at `nowMs`: entered, not withdrawn, and its window contains now. */
export function inForce(entry: ManualPrice, nowMs: number): boolean {
  return (
    entry.enteredAtMs <= nowMs &&
    (entry.removedAtMs === undefined || entry.removedAtMs > nowMs) &&
    entry.fromMs <= nowMs &&
    nowMs < entry.expiresAtMs
  );
}

/** Whether `entry` still matters at `nowMs` (in force now or starting later), for listings and the snapshot. */
export function notExpired(entry: ManualPrice, nowMs: number): boolean {
  return (entry.removedAtMs === undefined || entry.removedAtMs > nowMs) && nowMs < entry.expiresAtMs;
}

/**
 * The market with the desk's series entries applied: each interval in an entry's window reads the
 * entry's price (the latest-entered entry wins where two overlap); every other interval the feed's.
 * Entries withdrawn or expired at `nowMs`, or entered after it, are ignored.
 */
export function withManualPrices(
  market: MarketData,
  entries: readonly ManualPrice[],
  nowMs: number,
): MarketData {
  const live = entries
    .filter((e) => e.seriesId !== undefined && e.kind !== 'tariff-override')
    .filter((e) => e.enteredAtMs <= nowMs && notExpired(e, nowMs))
    .sort((a, b) => a.enteredAtMs - b.enteredAtMs);
  if (live.length === 0) return market;
  const cache = new Map<string, TimeSeries>();
  return {
    btcDayAt: (ms) => market.btcDayAt(ms),
    btcDays: () => market.btcDays(),
    difficultyEpochs: () => market.difficultyEpochs(),
    priceSeriesIds: () => market.priceSeriesIds(),
    priceSeries(id) {
      const own = live.filter((e) => e.seriesId === id);
      if (own.length === 0) return market.priceSeries(id);
      let series = cache.get(id);
      if (!series) {
        series = overrideSeries(market.priceSeries(id), own);
        cache.set(id, series);
      }
      return series;
    },
    priceCurrency: (id) => market.priceCurrency(id),
    solarWeatherIds: () => market.solarWeatherIds(),
    hubHeightWindIds: () => market.hubHeightWindIds(),
    solarWeather: (id) => market.solarWeather(id),
    hubHeightWind: (id) => market.hubHeightWind(id),
    minerModels: () => market.minerModels(),
    gpuRentalPrices: () => market.gpuRentalPrices(),
    systemLoad: () => market.systemLoad(),
    ancillaryPrices: (service) => market.ancillaryPrices(service),
    gridEvents: () => market.gridEvents(),
  };
}

function overrideSeries(feed: TimeSeries, entries: readonly ManualPrice[]): TimeSeries {
  const step = feed.resolutionMs;
  const grid = (ms: number) => feed.startMs + Math.floor((ms - feed.startMs) / step) * step;
  const starts = [feed.length > 0 ? feed.startMs : grid(entries[0]!.fromMs)];
  const ends = [feed.endMs];
  for (const e of entries) {
    starts.push(grid(e.fromMs));
    ends.push(e.expiresAtMs);
  }
  const from = Math.min(...starts);
  const to = Math.max(...ends);
  const points: { startMs: number; value: number }[] = [];
  for (let ms = from; ms < to; ms += step) {
    let value = feed.at(ms);
    for (const e of entries) if (e.fromMs <= ms + step - 1 && ms < e.expiresAtMs) value = Number(e.usdPerMwh);
    if (value !== undefined) points.push({ startMs: ms, value });
  }
  return TimeSeries.fromPoints(feed.id, feed.unit, step, points);
}

/** The site with the desk's tariff override in force at `nowMs` (the latest entered), as a fixed USD tariff. */
export function withTariffOverride(site: Site, entries: readonly ManualPrice[], nowMs: number): Site {
  const entry = latestInForce(entries, nowMs, (e) => e.kind === 'tariff-override' && e.siteId === site.id);
  if (!entry) return site;
  const isTariff = (kind: string) => kind === 'fixed' || kind === 'time-of-use' || kind === 'market';
  return {
    ...site,
    supply: [
      ...site.supply.filter((s) => !isTariff(s.kind)),
      { kind: 'fixed', pricePerMwh: Number(entry.usdPerMwh), currency: 'USD' },
    ],
  } as Site;
}

/** The plan-explanation lines naming the desk's entries that bear on `site` at `nowMs`. */
export function manualPriceLines(site: Site, entries: readonly ManualPrice[], nowMs: number): string[] {
  const series = new Set(site.supply.flatMap((s) => (s.kind === 'market' ? [s.series] : [])));
  return entries
    .filter((e) => inForce(e, nowMs))
    .filter((e) => (e.kind === 'tariff-override' ? e.siteId === site.id : series.has(e.seriesId ?? '')))
    .sort((a, b) => a.enteredAtMs - b.enteredAtMs)
    .map((e) => {
      const what =
        e.kind === 'tariff-override'
          ? 'manual tariff'
          : e.kind === 'fixed-window'
            ? 'fixed price'
            : 'manual price';
      const on = e.kind === 'tariff-override' ? `site ${e.siteId}` : e.seriesId;
      return `${what} ${formatPrice(e.usdPerMwh)} $/MWh on ${on} until ${utcTime(e.expiresAtMs)}, entered by ${e.enteredBy}${e.note ? ` (${e.note})` : ''}`;
    });
}

function latestInForce(
  entries: readonly ManualPrice[],
  nowMs: number,
  match: (e: ManualPrice) => boolean,
): ManualPrice | undefined {
  return entries
    .filter((e) => match(e) && inForce(e, nowMs))
    .reduce<ManualPrice | undefined>(
      (best, e) => (!best || e.enteredAtMs >= best.enteredAtMs ? e : best),
      undefined,
    );
}

/** `45` -> `45.00`; keeps an entry's extra decimals. */
function formatPrice(decimal: string): string {
  const [whole, frac = ''] = decimal.split('.');
  return `${whole}.${frac.padEnd(2, '0')}`;
}

function utcTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
