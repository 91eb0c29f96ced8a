import type { GpuRentalPrice } from '../../core/market/index.ts';
import {
  type CsvColumn,
  type CsvRow,
  type CsvTable,
  cellError,
  nullableNumberCell,
  numberCell,
  parseIsoDate,
  readCsvFile,
  requireColumns,
  requiredTextCell,
  textCell,
} from './csv-reader.ts';

/** `YYYY-MM-DD`, or `YYYY-MM` when the source only gives the month; returned as written. */
function observedDateCell(row: CsvRow, column: CsvColumn): string {
  const text = textCell(row, column);
  const valid =
    text.length === 7 ? parseIsoDate(`${text}-01`) !== undefined : parseIsoDate(text) !== undefined;
  if (!valid) throw cellError(row, column, `"${text}" is not a date (expected YYYY-MM-DD or YYYY-MM)`);
  return text;
}

/**
 * GPU rental price points from `reference/gpu_rental_prices.csv`, in file order. The price (USD per GPU-hour)
 * must be positive; an empty `vram_gb` is null.
 */
export function gpuRentalPricesFromCsv(table: CsvTable): GpuRentalPrice[] {
  const c = requireColumns(table, [
    'observed_date',
    'provider',
    'gpu_model',
    'vram_gb',
    'tier',
    'price_usd_per_gpu_hour',
  ]);
  return table.rows.map((row) => {
    const price = numberCell(row, c.price_usd_per_gpu_hour);
    if (price <= 0) throw cellError(row, c.price_usd_per_gpu_hour, `price must be positive, found ${price}`);
    return {
      observedDate: observedDateCell(row, c.observed_date),
      provider: requiredTextCell(row, c.provider),
      gpuModel: requiredTextCell(row, c.gpu_model),
      vramGb: nullableNumberCell(row, c.vram_gb),
      tier: requiredTextCell(row, c.tier),
      priceUsdPerGpuHour: price,
    };
  });
}

/** Reads `reference/gpu_rental_prices.csv`. */
export async function readGpuRentalPrices(path: string): Promise<GpuRentalPrice[]> {
  return gpuRentalPricesFromCsv(await readCsvFile(path));
}
