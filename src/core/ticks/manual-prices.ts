import type { SitePlanInput } from '../allocator/site-plan-input.ts';
import type { Site } from '../fleet/index.ts';
import { TimeSeries } from '../market/time-series.ts';
import type { ManualPrice } from '../ports/manual-price-repository.ts';
import type { MarketData } from '../ports/market-data.ts';

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
    for (const e of entries) if (e.fromMs < ms + step && ms < e.expiresAtMs) value = Number(e.usdPerMwh);
    if (value !== undefined) points.push({ startMs: ms, value });
  }
  return TimeSeries.fromPoints(feed.id, feed.unit, step, points);
}

/** The series of the site's market tariff, if it has one. */
function marketSeriesOf(site: Site): string | undefined {
  for (const s of site.supply) if (s.kind === 'market') return s.series;
  return undefined;
}

/** How far ahead an entry not yet in force is named in the explanation (the plan's horizon). */
const NAMED_AHEAD_MS = 86_400_000;

/** The plan-explanation lines naming the desk's entries that bear on `site` at `nowMs`: in force, or starting within the plan's horizon. */
export function manualPriceLines(site: Site, entries: readonly ManualPrice[], nowMs: number): string[] {
  const series = marketSeriesOf(site);
  return entries
    .filter((e) => e.enteredAtMs <= nowMs && notExpired(e, nowMs) && e.fromMs < nowMs + NAMED_AHEAD_MS)
    .filter((e) => (e.kind === 'tariff-override' ? e.siteId === site.id : e.seriesId === series))
    .sort((a, b) => a.enteredAtMs - b.enteredAtMs)
    .map((e) => {
      const what =
        e.kind === 'tariff-override'
          ? 'manual tariff'
          : e.kind === 'fixed-window'
            ? 'fixed price'
            : 'manual price';
      const on = e.kind === 'tariff-override' ? `site ${e.siteId}` : e.seriesId;
      const from = inForce(e, nowMs) ? '' : ` from ${utcTime(e.fromMs)}`;
      return `${what} ${formatPrice(e.usdPerMwh)} $/MWh on ${on}${from} until ${utcTime(e.expiresAtMs)}, entered by ${e.enteredBy}${e.note ? ` (${e.note})` : ''}`;
    });
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

/**
 * The site's plan input with the desk's entries in force at `nowMs` applied to the intervals of
 * their windows: a series entry on the site's market series sets the market (export) price and the
 * import price (the entry plus the site's adder, as the forecast had it); a tariff override sets the
 * import price. Where entries overlap, the latest entered wins. Other intervals keep the forecast.
 */
export function withManualPriceInput(
  site: Site,
  input: SitePlanInput,
  entries: readonly ManualPrice[],
  nowMs: number,
): SitePlanInput {
  const series = marketSeriesOf(site);
  const own = entries
    .filter((e) => e.enteredAtMs <= nowMs && notExpired(e, nowMs))
    .filter((e) => (e.kind === 'tariff-override' ? e.siteId === site.id : e.seriesId === series))
    .sort((a, b) => a.enteredAtMs - b.enteredAtMs);
  if (own.length === 0) return input;
  const stepMs = input.intervalMinutes * 60_000;
  const importPrice = [...input.importPriceUsdPerMwh];
  const exportPrice = [...input.exportPriceUsdPerMwh];
  for (let i = 0; i < input.intervals; i++) {
    const startMs = input.startMs + i * stepMs;
    for (const e of own) {
      if (!(e.fromMs < startMs + stepMs && startMs < e.expiresAtMs)) continue;
      const usd = Number(e.usdPerMwh);
      if (e.kind === 'tariff-override') importPrice[i] = usd;
      else {
        importPrice[i] = usd + (input.importPriceUsdPerMwh[i]! - input.exportPriceUsdPerMwh[i]!);
        exportPrice[i] = usd;
      }
    }
  }
  return { ...input, importPriceUsdPerMwh: importPrice, exportPriceUsdPerMwh: exportPrice };
}
