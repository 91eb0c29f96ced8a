import { type GridEvent, type GridEventType, gridEventTypes } from '../../core/market/index.ts';
import { zonedToUtcMs } from '../../core/time/zoned-time.ts';
import { type CsvRow, type CsvTable, cellError, dateCell, requireColumns, textCell } from './csv-reader.ts';

export const GRID_EVENT_COLUMNS = [
  'date_cpt',
  'event_type',
  'start_time_cpt',
  'end_time_cpt',
  'detail',
  'confidence',
] as const;

const DAY_MS = 86_400_000;
const KNOWN: ReadonlySet<string> = new Set(gridEventTypes);

/**
 * Grid events (EEA, ERS deployments, conservation appeals) from one or more files, in time order.
 * Dates and `HH:MM` times are the grid's local time (ERCOT: Central Prevailing Time); both times or
 * neither must be given (an event without times is known only by its day).
 */
export function gridEventsFromCsv(tables: readonly CsvTable[], timeZone = 'America/Chicago'): GridEvent[] {
  const events: GridEvent[] = [];
  for (const table of tables) {
    const c = requireColumns(table, GRID_EVENT_COLUMNS);
    for (const row of table.rows) {
      const date = dateCell(row, c.date_cpt);
      const type = textCell(row, c.event_type);
      if (!KNOWN.has(type))
        throw cellError(row, c.event_type, `"${type}" is not an event type (${gridEventTypes.join(', ')})`);
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      const dayStartMs = zonedToUtcMs(timeZone, y, m, d);
      const next = new Date(Date.UTC(y, m - 1, d) + DAY_MS);
      const dayEndMs = zonedToUtcMs(
        timeZone,
        next.getUTCFullYear(),
        next.getUTCMonth() + 1,
        next.getUTCDate(),
      );
      const start = localTime(row, c.start_time_cpt);
      const end = localTime(row, c.end_time_cpt);
      if ((start === undefined) !== (end === undefined))
        throw cellError(
          row,
          start === undefined ? c.start_time_cpt : c.end_time_cpt,
          'give both start and end times, or neither',
        );
      let fromMs: number | undefined;
      let toMs: number | undefined;
      if (start && end) {
        fromMs = zonedToUtcMs(timeZone, y, m, d, start[0], start[1]);
        toMs = zonedToUtcMs(timeZone, y, m, d, end[0], end[1]);
        if (toMs <= fromMs) throw cellError(row, c.end_time_cpt, 'must be after the start time');
      }
      events.push({
        date,
        type: type as GridEventType,
        ...(fromMs === undefined ? {} : { fromMs, toMs }),
        dayStartMs,
        dayEndMs,
        detail: textCell(row, c.detail),
        confidence: textCell(row, c.confidence),
      });
    }
  }
  return events.sort((a, b) => (a.fromMs ?? a.dayStartMs) - (b.fromMs ?? b.dayStartMs));
}

function localTime(row: CsvRow, column: { name: string; index: number }): [number, number] | undefined {
  const text = textCell(row, column);
  if (text === '') return undefined;
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (!match || hour > 24 || minute > 59 || (hour === 24 && minute > 0))
    throw cellError(row, column, `"${text}" is not a local time HH:MM`);
  return [hour, minute];
}
