import { blockSubsidySats } from '../../../core/economics/subsidy.ts';
import type { FeedReading } from '../../../core/ports/market-feed.ts';
import { btcDaySpec, DAY_MS, tipHeightSpec } from '../../market-history/series-keys.ts';

/** What a Bitcoin network source tells: the tip, its difficulty, and the fees of recent blocks. */
export interface NetworkSnapshot {
  readonly height: number;
  readonly difficulty: number;
  /** Total fees of each of the most recent blocks, satoshis (exact integers). */
  readonly blockFeesSats: readonly { height: number; totalFeeSats: number }[];
}

/** Blocks whose fees make the daily figure, as the hashprice indices use: the last 144 (one day). */
export const FEE_WINDOW_BLOCKS = 144;

/**
 * Today's provisional bitcoin day from the network: difficulty in force, and fees and subsidy of
 * the recent blocks with their count (fees per block = feesBtc / blockCount, as in btc_daily.csv).
 */
export function networkReadings(snapshot: NetworkSnapshot, nowMs: number): FeedReading[] {
  const dayMs = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const today = (value: number) => [{ atMs: dayMs, knownAtMs: nowMs, value }];
  const blocks = snapshot.blockFeesSats;
  const readings: FeedReading[] = [
    {
      series: tipHeightSpec,
      points: [{ atMs: Math.floor(nowMs / 1000) * 1000, knownAtMs: nowMs, value: snapshot.height }],
    },
    { series: btcDaySpec('difficulty'), points: today(snapshot.difficulty) },
  ];
  if (blocks.length > 0) {
    const feesSats = blocks.reduce((sum, b) => sum + BigInt(b.totalFeeSats), 0n);
    const subsidySats = blocks.reduce((sum, b) => sum + blockSubsidySats(b.height), 0n);
    readings.push(
      { series: btcDaySpec('feesBtc'), points: today(Number(feesSats) / 1e8) },
      { series: btcDaySpec('subsidyBtc'), points: today(Number(subsidySats) / 1e8) },
      { series: btcDaySpec('blockCount'), points: today(blocks.length) },
    );
  }
  return readings;
}
