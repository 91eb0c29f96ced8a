import type { DifficultyEpoch } from '../../core/market/index.ts';
import {
  type CsvTable,
  cellError,
  dateCell,
  integerCell,
  numberCell,
  readCsvFile,
  requireColumns,
} from './csv-reader.ts';

/**
 * One DifficultyEpoch per row of `bitcoin/difficulty_epochs.csv` (`height, timestamp_utc, difficulty,
 * start_date_utc`). `timestamp_utc` is optional and not part of DifficultyEpoch (it is empty for most
 * epochs). Heights must be strictly increasing.
 */
export function difficultyEpochsFromCsv(table: CsvTable): DifficultyEpoch[] {
  const c = requireColumns(table, ['height', 'difficulty', 'start_date_utc']);
  const epochs: DifficultyEpoch[] = [];
  let previousHeight = -1;
  for (const row of table.rows) {
    const height = integerCell(row, c.height);
    if (height <= previousHeight) {
      throw cellError(row, c.height, `height ${height} is not above the previous row's ${previousHeight}`);
    }
    previousHeight = height;
    const difficulty = numberCell(row, c.difficulty);
    if (difficulty <= 0)
      throw cellError(row, c.difficulty, `difficulty must be positive, found ${difficulty}`);
    epochs.push({ height, startDate: dateCell(row, c.start_date_utc), difficulty });
  }
  return epochs;
}

/** Reads `bitcoin/difficulty_epochs.csv`. */
export async function readDifficultyEpochs(path: string): Promise<DifficultyEpoch[]> {
  return difficultyEpochsFromCsv(await readCsvFile(path));
}
