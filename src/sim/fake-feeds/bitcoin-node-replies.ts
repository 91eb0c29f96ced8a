import { blockSubsidySats, estimateBlockHeight } from '../../core/economics/subsidy.ts';
import type { MarketData } from '../../core/ports/market-data.ts';

const BLOCK_MS = 600_000;

/** A block of the fake chain: one every ten minutes back from the tip, the day's difficulty and mean fees. */
export interface FakeBlock {
  readonly height: number;
  readonly timeMs: number;
  readonly difficulty: number;
  readonly totalFeeSats: number;
}

/**
 * The chain the fake Bitcoin node and Esplora serve at `nowMs`: its tip interpolated from the
 * difficulty epochs at the history instant (`nowMs - offsetMs`), and each block's time, difficulty
 * and fees from the history day it falls in (fees per block = the day's fees / its blocks).
 */
export class FakeChain {
  constructor(
    private readonly market: MarketData,
    private readonly offsetMs: number,
  ) {}

  tip(nowMs: number): number {
    return estimateBlockHeight(nowMs - this.offsetMs, this.market.difficultyEpochs());
  }

  block(height: number, nowMs: number): FakeBlock | undefined {
    const tip = this.tip(nowMs);
    if (height < 0 || height > tip) return undefined;
    const timeMs = Math.floor(nowMs / 1000) * 1000 - (tip - height) * BLOCK_MS;
    const day = this.market.btcDayAt(timeMs - this.offsetMs);
    const feesPerBlock = day?.feesBtc != null ? day.feesBtc / (day.blockCount || 144) : 0;
    return { height, timeMs, difficulty: day?.difficulty ?? 0, totalFeeSats: Math.round(feesPerBlock * 1e8) };
  }
}

/** Bitcoin Core JSON-RPC 1.0 answers (getblockchaininfo, getblockstats, getblockhash, getblockheader) over the fake chain. */
export function bitcoinRpcAnswer(
  chain: FakeChain,
  call: { id?: unknown; method?: unknown; params?: unknown },
  nowMs: number,
): { result: unknown; error: { code: number; message: string } | null; id: unknown } {
  const params = Array.isArray(call.params) ? call.params : [];
  const ok = (result: unknown) => ({ result, error: null, id: call.id ?? null });
  const fail = (code: number, message: string) => ({
    result: null,
    error: { code, message },
    id: call.id ?? null,
  });
  const byHeight = (h: unknown) => (typeof h === 'number' ? chain.block(h, nowMs) : undefined);
  switch (call.method) {
    case 'getblockchaininfo': {
      const tip = chain.block(chain.tip(nowMs), nowMs)!;
      return ok({
        chain: 'main',
        blocks: tip.height,
        headers: tip.height,
        bestblockhash: hashOf(tip.height),
        difficulty: tip.difficulty,
        time: tip.timeMs / 1000,
        mediantime: tip.timeMs / 1000 - 3000,
        initialblockdownload: false,
        warnings: '',
      });
    }
    case 'getblockstats': {
      const block = byHeight(params[0]);
      if (!block) return fail(-8, 'Target block height after current tip');
      return ok({
        height: block.height,
        time: block.timeMs / 1000,
        totalfee: block.totalFeeSats,
        subsidy: Number(blockSubsidySats(block.height)),
      });
    }
    case 'getblockhash': {
      const block = byHeight(params[0]);
      return block ? ok(hashOf(block.height)) : fail(-8, 'Block height out of range');
    }
    case 'getblockheader': {
      const height = typeof params[0] === 'string' ? Number.parseInt(params[0], 16) : Number.NaN;
      const block = byHeight(height);
      if (!block) return fail(-5, 'Block not found');
      return ok({
        hash: hashOf(block.height),
        height: block.height,
        time: block.timeMs / 1000,
        difficulty: block.difficulty,
      });
    }
    default:
      return fail(-32601, 'Method not found');
  }
}

/** The fake's block hash: its height in hex, 64 digits. */
export function hashOf(height: number): string {
  return height.toString(16).padStart(64, '0');
}
