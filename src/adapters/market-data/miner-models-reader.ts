import type { MinerModel } from '../../core/market/index.ts';
import {
  type CsvTable,
  cellError,
  nullableNumberCell,
  numberCell,
  readCsvFile,
  requireColumns,
  requiredTextCell,
} from './csv-reader.ts';

/** A row of `miner_models.csv` that could not become a MinerModel, and why. */
export interface SkippedMinerModel {
  readonly file: string;
  readonly line: number;
  readonly model: string;
  readonly reason: string;
}

export interface MinerModelsRead {
  readonly models: readonly MinerModel[];
  readonly skipped: readonly SkippedMinerModel[];
}

/**
 * Miner models from `reference/miner_models.csv`. `model`, `vendor` and a positive `hashrate_ths` are
 * required. Power and efficiency complete each other: an empty `power_w` is hashrate x efficiency, an empty
 * `efficiency_j_th` is power / hashrate. A row with neither is skipped and reported in `skipped`.
 */
export function minerModelsFromCsv(table: CsvTable): MinerModelsRead {
  const c = requireColumns(table, ['model', 'vendor', 'hashrate_ths', 'power_w', 'efficiency_j_th']);
  const models: MinerModel[] = [];
  const skipped: SkippedMinerModel[] = [];
  for (const row of table.rows) {
    const model = requiredTextCell(row, c.model);
    const vendor = requiredTextCell(row, c.vendor);
    const hashrateThs = numberCell(row, c.hashrate_ths);
    if (hashrateThs <= 0)
      throw cellError(row, c.hashrate_ths, `hashrate must be positive, found ${hashrateThs}`);
    const power = nullableNumberCell(row, c.power_w);
    if (power !== null && power <= 0)
      throw cellError(row, c.power_w, `power must be positive, found ${power}`);
    const efficiency = nullableNumberCell(row, c.efficiency_j_th);
    if (efficiency !== null && efficiency <= 0) {
      throw cellError(row, c.efficiency_j_th, `efficiency must be positive, found ${efficiency}`);
    }
    if (power === null && efficiency === null) {
      skipped.push({
        file: row.file,
        line: row.line,
        model,
        reason: 'power_w and efficiency_j_th are both empty, so its power is unknown',
      });
      continue;
    }
    models.push({
      model,
      vendor,
      hashrateThs,
      powerW: power ?? hashrateThs * efficiency!,
      efficiencyJPerTh: efficiency ?? power! / hashrateThs,
    });
  }
  return { models, skipped };
}

/** Reads `reference/miner_models.csv`. */
export async function readMinerModels(path: string): Promise<MinerModelsRead> {
  return minerModelsFromCsv(await readCsvFile(path));
}
