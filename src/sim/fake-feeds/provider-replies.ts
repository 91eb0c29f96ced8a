import { blockSubsidySats } from '../../core/economics/subsidy.ts';
import type { MarketData } from '../../core/ports/market-data.ts';
import { localParts } from '../../core/time/zoned-time.ts';
import { FakeChain, hashOf } from './bitcoin-node-replies.ts';

const DAY_MS = 86_400_000;

/**
 * Replies in each provider's published format built from market history at a (simulated) instant:
 * what the real API would have answered then. Values after `nowMs` are never served.
 */
export class ProviderReplies {
  /**
   * `offsetMs` (a whole number of weeks) moves the history forward: a value of history instant h
   * is served as the value of h + offsetMs, so a wall-clock server sees it as current data.
   */
  readonly chain: FakeChain;

  constructor(
    private readonly market: MarketData,
    private readonly offsetMs = 0,
  ) {
    this.chain = new FakeChain(market, offsetMs);
  }

  /** ERCOT public API query reply (NP6-905-CD or NP4-190-CD) for a settlement point and UTC days. */
  ercotPrices(market: 'rt' | 'da', point: string, fromDay: string, toDay: string, nowMs: number): object {
    const id = `ercot_${market}_${point.toLowerCase()}`;
    const rows: unknown[][] = [];
    if (this.market.priceSeriesIds().includes(id)) {
      const series = this.market.priceSeries(id);
      const from = Date.parse(`${fromDay}T00:00:00Z`);
      const to = Date.parse(`${toDay}T00:00:00Z`) + DAY_MS;
      for (const raw of series.points()) {
        const p = { startMs: raw.startMs + this.offsetMs, value: raw.value };
        if (p.startMs < from || p.startMs >= to) continue;
        // Real-time prices exist once their interval ends; day-ahead ones from the day before.
        if (market === 'rt' ? p.startMs + series.resolutionMs > nowMs : p.startMs - DAY_MS > nowMs) continue;
        const local = localParts(p.startMs, 'America/Chicago');
        const repeated = localParts(p.startMs - 3_600_000, 'America/Chicago').hour === local.hour;
        const date = `${local.year}-${String(local.month).padStart(2, '0')}-${String(local.day).padStart(2, '0')}`;
        rows.push(
          market === 'rt'
            ? [date, local.hour + 1, Math.floor(local.minute / 15) + 1, point, 'HU', p.value, repeated]
            : [date, `${String(local.hour + 1).padStart(2, '0')}:00`, point, p.value, repeated],
        );
      }
    }
    const names =
      market === 'rt'
        ? [
            'deliveryDate',
            'deliveryHour',
            'deliveryInterval',
            'settlementPoint',
            'settlementPointType',
            'settlementPointPrice',
            'DSTFlag',
          ]
        : ['deliveryDate', 'hourEnding', 'settlementPoint', 'settlementPointPrice', 'DSTFlag'];
    return {
      _meta: { totalRecords: rows.length, pageSize: rows.length, totalPages: 1, currentPage: 1 },
      report: { reportEMILId: market === 'rt' ? 'NP6-905-CD' : 'NP4-190-CD' },
      fields: names.map((name) => ({ name, label: name })),
      data: rows,
    };
  }

  /** AESO Pool Price Report (legacy envelope, every value a string) for hours begun before `nowMs`. */
  aesoPoolPrice(fromDay: string, toDay: string, nowMs: number): object {
    const rows: object[] = [];
    if (this.market.priceSeriesIds().includes('aeso_pool_price')) {
      const from = Date.parse(`${fromDay}T00:00:00Z`);
      const to = Date.parse(`${toDay}T00:00:00Z`) + DAY_MS;
      for (const raw of this.market.priceSeries('aeso_pool_price').points()) {
        const p = { startMs: raw.startMs + this.offsetMs, value: raw.value };
        if (p.startMs < from || p.startMs >= to || p.startMs > nowMs) continue;
        const done = p.startMs + 3_600_000 <= nowMs;
        const mpt = localParts(p.startMs, 'America/Edmonton');
        rows.push({
          begin_datetime_utc: new Date(p.startMs).toISOString().slice(0, 16).replace('T', ' '),
          begin_datetime_mpt: `${mpt.year}-${String(mpt.month).padStart(2, '0')}-${String(mpt.day).padStart(2, '0')} ${String(mpt.hour).padStart(2, '0')}:00`,
          pool_price: done ? p.value.toFixed(2) : '',
          forecast_pool_price: p.value.toFixed(2),
          rolling_30day_avg: '',
        });
      }
    }
    return {
      timestamp: new Date(nowMs).toISOString(),
      responseCode: '200',
      return: { 'Pool Price Report': rows },
    };
  }

  /** The day's BTC close as a last trade price, or undefined outside the history. */
  btcPrice(nowMs: number): number | undefined {
    return this.market.btcDayAt(nowMs - this.offsetMs)?.priceUsd ?? undefined;
  }

  /** Daily closes of the days starting in [fromMs, toMs) that have ended by `nowMs`, with each day's start. */
  btcDailyCloses(fromMs: number, toMs: number, nowMs: number): { dayMs: number; close: number }[] {
    const closes: { dayMs: number; close: number }[] = [];
    for (
      let dayMs = Math.ceil(fromMs / DAY_MS) * DAY_MS;
      dayMs < toMs && dayMs + DAY_MS <= nowMs;
      dayMs += DAY_MS
    ) {
      const price = this.market.btcDayAt(dayMs - this.offsetMs)?.priceUsd;
      if (price != null) closes.push({ dayMs, close: price });
    }
    return closes;
  }

  /** The chain tip height at `nowMs`, interpolated from the difficulty epochs. */
  tipHeight(nowMs: number): number {
    return this.chain.tip(nowMs);
  }

  /** mempool.space `/api/v1/blocks/:height`: 15 blocks down from `height` (newest first), ten minutes apart. */
  mempoolBlocks(height: number, nowMs: number): object[] {
    const blocks: object[] = [];
    for (let h = Math.min(height, this.chain.tip(nowMs)); h >= 0 && blocks.length < 15; h--) {
      const block = this.chain.block(h, nowMs)!;
      blocks.push({
        id: hashOf(h),
        height: h,
        timestamp: Math.floor(block.timeMs / 1000),
        difficulty: block.difficulty,
        extras: { totalFees: block.totalFeeSats, reward: block.totalFeeSats + Number(blockSubsidySats(h)) },
      });
    }
    return blocks;
  }
}
