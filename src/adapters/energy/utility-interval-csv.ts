import { parseScaledDecimal } from '../../core/accounting/exact-units.ts';
import type { EnergyInterval } from '../../core/ports/actuals-repository.ts';
import {
  cellError,
  parseCsv,
  requireColumns,
  requiredTextCell,
  timestampCell,
} from '../market-data/index.ts';

/** Columns of a utility interval export (docs/DATA.md): interval start and the kWh imported in it. */
export const UTILITY_INTERVAL_COLUMNS = ['interval_start', 'kwh'] as const;
const QUARTER_HOUR_MS = 900_000;

/**
 * Parses an operator's utility interval export (15-min, one meter = one site): `interval_start`
 * an ISO-8601 instant with its UTC offset (so DST days are unambiguous), `kwh` a non-negative
 * decimal with at most 3 decimals (kept exact as whole Wh). Starts must sit on a quarter hour and
 * appear once. A malformed file is refused whole (SY_ERR_DATA_FILE_MALFORMED, file:line:column).
 */
export function parseUtilityIntervalCsv(text: string, file: string, siteId: string): EnergyInterval[] {
  const table = parseCsv(text, file);
  const columns = requireColumns(table, UTILITY_INTERVAL_COLUMNS);
  const seen = new Set<number>();
  return table.rows.map((row) => {
    const startMs = timestampCell(row, columns.interval_start);
    if (startMs % QUARTER_HOUR_MS !== 0)
      throw cellError(row, columns.interval_start, 'is not on a quarter hour');
    if (seen.has(startMs)) throw cellError(row, columns.interval_start, 'repeats an earlier interval');
    seen.add(startMs);
    const kwhText = requiredTextCell(row, columns.kwh).trim();
    const wh = parseScaledDecimal(kwhText, 3);
    if (wh === undefined)
      throw cellError(
        row,
        columns.kwh,
        `"${kwhText}" is not an energy in kWh (a non-negative decimal, at most 3 decimals)`,
      );
    return { siteId, source: 'utility-csv', startMs, endMs: startMs + QUARTER_HOUR_MS, energyWh: Number(wh) };
  });
}
