import type { MarketPointDraft } from '../../../core/ports/market-history.ts';
import { feedReplyInvalid } from '../feed-error.ts';
import { decimal } from '../json-fields.ts';
import { dstFlagOf, ercotDate, ercotIntervalStartMs, hourEndingOf } from './ercot-time.ts';

/** Which ERCOT market: real-time 15-min settlement point prices, or the day-ahead market's hourly ones. */
export type ErcotMarket = 'rt' | 'da';

/**
 * Column names of ERCOT's published reports, per source: the public API's `fields[].name` and the
 * MIS CSV header (NP6-905-CD "Settlement Point Prices at Resource Nodes, Hubs and Load Zones";
 * NP4-190-CD "DAM Settlement Point Prices").
 */
export const ERCOT_COLUMNS = {
  rt: {
    api: {
      date: 'deliveryDate',
      hour: 'deliveryHour',
      interval: 'deliveryInterval',
      point: 'settlementPoint',
      price: 'settlementPointPrice',
      dst: 'DSTFlag',
    },
    csv: {
      date: 'DeliveryDate',
      hour: 'DeliveryHour',
      interval: 'DeliveryInterval',
      point: 'SettlementPointName',
      price: 'SettlementPointPrice',
      dst: 'DSTFlag',
    },
  },
  da: {
    api: {
      date: 'deliveryDate',
      hour: 'hourEnding',
      interval: undefined,
      point: 'settlementPoint',
      price: 'settlementPointPrice',
      dst: 'DSTFlag',
    },
    csv: {
      date: 'DeliveryDate',
      hour: 'HourEnding',
      interval: undefined,
      point: 'SettlementPoint',
      price: 'SettlementPointPrice',
      dst: 'DSTFlag',
    },
  },
} as const;

export type ErcotColumns = (typeof ERCOT_COLUMNS)[ErcotMarket]['api' | 'csv'];

/**
 * Prices of one settlement point from report rows (objects keyed by column name), as points:
 * interval start in UTC, known when the interval ends (real-time) or at `nowMs` (day-ahead,
 * published the day before). Rows of other points are skipped; a malformed row of ours is refused.
 */
export function ercotPricePoints(
  feedId: string,
  rows: readonly Record<string, unknown>[],
  columns: ErcotColumns,
  settlementPoint: string,
  market: ErcotMarket,
  nowMs: number,
): MarketPointDraft[] {
  const byStart = new Map<number, MarketPointDraft>();
  rows.forEach((row, i) => {
    if (String(row[columns.point]).trim() !== settlementPoint) return;
    const where = `row ${i + 1}`;
    const date = ercotDate(String(row[columns.date]));
    const hour = hourEndingOf(row[columns.hour]);
    const interval = columns.interval === undefined ? undefined : Number(row[columns.interval]);
    const dst = row[columns.dst] === undefined ? false : dstFlagOf(row[columns.dst]);
    if (!date)
      throw feedReplyInvalid(
        feedId,
        `${where}: ${columns.date} ${JSON.stringify(row[columns.date])} is not a date`,
      );
    if (hour === undefined)
      throw feedReplyInvalid(
        feedId,
        `${where}: ${columns.hour} ${JSON.stringify(row[columns.hour])} is not an hour ending`,
      );
    if (interval !== undefined && !(Number.isInteger(interval) && interval >= 1 && interval <= 4)) {
      throw feedReplyInvalid(feedId, `${where}: ${columns.interval} is not 1-4`);
    }
    if (dst === undefined) throw feedReplyInvalid(feedId, `${where}: ${columns.dst} is not a flag`);
    const atMs = ercotIntervalStartMs(date, hour, interval, dst);
    const lengthMs = market === 'rt' ? 900_000 : 3_600_000;
    const knownAtMs = market === 'rt' ? atMs + lengthMs : nowMs;
    if (knownAtMs > nowMs) return;
    byStart.set(atMs, {
      atMs,
      knownAtMs,
      value: decimal(feedId, row[columns.price], `${where}: ${columns.price}`),
    });
  });
  return [...byStart.values()].sort((a, b) => a.atMs - b.atMs);
}
