import { SwitchyardError } from '../../core/errors/index.ts';

/** The kinds of named series a MarketData serves. */
export type SeriesKind = 'price series' | 'solar weather' | 'hub-height wind';

/** SY_ERR_DATA_SERIES_UNKNOWN for an id that is not available, listing the ids that are. */
export function unknownSeriesError(kind: SeriesKind, id: string, known: readonly string[]): SwitchyardError {
  const list = known.length > 0 ? known.join(', ') : '(none)';
  return new SwitchyardError('SY_ERR_DATA_SERIES_UNKNOWN', `unknown ${kind} "${id}"; known: ${list}`, {
    kind,
    id,
    known: [...known],
  });
}
