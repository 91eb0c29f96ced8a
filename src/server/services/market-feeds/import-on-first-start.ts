import type { Logger } from 'pino';
import { importMarketData } from '../../../adapters/market-history/index.ts';
import type { MarketData } from '../../../core/ports/market-data.ts';
import type { Storage } from '../../../core/ports/storage.ts';

/**
 * On a first start (no stored market history), copies the data directory into stored history in the
 * background; `stop` aborts it between batches and waits for it to end.
 */
export function importOnFirstStart(
  storage: Storage,
  market: MarketData,
  dataDir: string,
  logger: Logger,
): { done: Promise<void>; stop(): Promise<void> } {
  const abort = new AbortController();
  const done = (async () => {
    if ((await storage.marketHistory.series()).some((s) => s.points > 0)) return;
    logger.info({ dataDir }, 'first start: importing the market-data directory into stored history');
    const summary = await importMarketData(market, storage.marketHistory, `file:${dataDir}`, abort.signal);
    logger.info({ series: Object.keys(summary.imported).length }, 'market history imported');
  })().catch((error) => {
    if (!abort.signal.aborted) logger.warn({ err: error }, 'market history import failed');
  });
  return {
    done,
    async stop() {
      abort.abort();
      await done;
    },
  };
}
