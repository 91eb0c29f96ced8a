import { dataDirFromEnv, ReplayMarketData } from '../adapters/market-data/index.ts';
import { HighsSolver } from '../adapters/solver/highs-solver.ts';
import type { MarketData } from '../core/ports/market-data.ts';

/** The real market data from the data directory (flag, $SWITCHYARD_DATA_DIR, or ../shared/data). */
export async function loadMarketData(dataDirFlag?: string): Promise<MarketData> {
  return ReplayMarketData.load(dataDirFromEnv(dataDirFlag));
}

export async function loadSolver(): Promise<HighsSolver> {
  return HighsSolver.load();
}

/** `YYYY-MM-DD` -> epoch ms at UTC midnight; throws naming the option on anything else. */
export function parseDateOption(name: string, value: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new Error(`--${name}: "${value}" is not a date (YYYY-MM-DD)`);
  }
  return Date.parse(`${value}T00:00:00Z`);
}

export function parseNumberOption(name: string, value: string, min: number): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min)
    throw new Error(`--${name}: "${value}" must be a number >= ${min}`);
  return parsed;
}
