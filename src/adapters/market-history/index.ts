export { type ImportSummary, importMarketData } from './import-market-data.ts';
export { importedKnownAtMs } from './known-at.ts';
export * from './series-keys.ts';
export { type MarketReference, StoredMarketData, type StoredMarketOptions } from './stored-market-data.ts';
