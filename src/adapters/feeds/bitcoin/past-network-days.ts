import { blockSubsidySats } from '../../../core/economics/subsidy.ts';
import type { FeedReading } from '../../../core/ports/market-feed.ts';
import type { MarketPointDraft } from '../../../core/ports/market-history.ts';
import { btcDaySpec, DAY_MS } from '../../market-history/series-keys.ts';

/** A past block as a backfill reads it: height, time (epoch ms), total fees (sats), difficulty. */
export interface SampledBlock {
  readonly height: number;
  readonly timeMs: number;
  readonly totalFeeSats: number;
  readonly difficulty: number;
}

/** Blocks sampled per past day by a backfill (the day's last ones): about a tenth of its 144. */
export const SAMPLED_BLOCKS_PER_DAY = 15;

/**
 * Past bitcoin days from blocks sampled in each: the difficulty of the day's last sampled block,
 * and the fees and subsidy of the sampled blocks with their count (fees per block = feesBtc /
 * blockCount, as the live poll stores them). Days in [fromMs, toMs) closed by `nowMs` only, each
 * known at its end.
 */
export function pastNetworkDays(
  blocks: readonly SampledBlock[],
  fromMs: number,
  toMs: number,
  nowMs: number,
): FeedReading[] {
  const byDay = new Map<number, SampledBlock[]>();
  for (const block of blocks) {
    const dayMs = Math.floor(block.timeMs / DAY_MS) * DAY_MS;
    if (dayMs < fromMs || dayMs >= toMs || dayMs + DAY_MS > nowMs) continue;
    const day = byDay.get(dayMs) ?? [];
    if (!day.some((b) => b.height === block.height)) day.push(block);
    byDay.set(dayMs, day);
  }
  const difficulty: MarketPointDraft[] = [];
  const fees: MarketPointDraft[] = [];
  const subsidy: MarketPointDraft[] = [];
  const count: MarketPointDraft[] = [];
  for (const [dayMs, day] of [...byDay].sort((a, b) => a[0] - b[0])) {
    const knownAtMs = dayMs + DAY_MS;
    const last = day.reduce((a, b) => (b.height > a.height ? b : a));
    const feeSats = day.reduce((sum, b) => sum + BigInt(b.totalFeeSats), 0n);
    const subsidySats = day.reduce((sum, b) => sum + blockSubsidySats(b.height), 0n);
    difficulty.push({ atMs: dayMs, knownAtMs, value: last.difficulty });
    fees.push({ atMs: dayMs, knownAtMs, value: Number(feeSats) / 1e8 });
    subsidy.push({ atMs: dayMs, knownAtMs, value: Number(subsidySats) / 1e8 });
    count.push({ atMs: dayMs, knownAtMs, value: day.length });
  }
  return [
    { series: btcDaySpec('difficulty'), points: difficulty },
    { series: btcDaySpec('feesBtc'), points: fees },
    { series: btcDaySpec('subsidyBtc'), points: subsidy },
    { series: btcDaySpec('blockCount'), points: count },
  ];
}

/** Estimated height of the last block before `ms`, from a known block: ten minutes a block. */
export function heightBefore(ms: number, anchor: { height: number; timeMs: number }): number {
  return Math.max(0, anchor.height - Math.ceil((anchor.timeMs - ms) / 600_000));
}
