import { parseUtilityIntervalCsv } from '../../adapters/energy/utility-interval-csv.ts';
import { SwitchyardError } from '../../core/errors/index.ts';
import type { Storage } from '../../core/ports/storage.ts';

/** What importing a utility interval export did. */
export interface UtilityImportResult {
  readonly siteId: string;
  readonly intervals: number;
  /** Quarter-hours seen first, replaced with a different figure, and already stored unchanged. */
  readonly added: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly fromMs: number | null;
  readonly toMs: number | null;
}

/**
 * Imports an operator's utility 15-min interval export for one site: parsed and checked whole first
 * (a malformed file is refused with its line and column, nothing stored), then stored one interval
 * per quarter-hour (a re-import replaces, so importing the same file again changes nothing), and
 * audited when it changed anything. The API route and `switchyard energy import` both call this.
 */
export async function importUtilityIntervals(
  storage: Storage,
  input: { siteId: string; csv: string; file: string; actor: string; nowMs: number },
): Promise<UtilityImportResult> {
  if (!(await storage.sites.get(input.siteId)))
    throw new SwitchyardError('SY_ERR_NOT_FOUND', `site ${input.siteId}: no such site`, {
      field: 'siteId',
    });
  let intervals: ReturnType<typeof parseUtilityIntervalCsv>;
  try {
    intervals = parseUtilityIntervalCsv(input.csv, input.file, input.siteId);
  } catch (error) {
    if (error instanceof SwitchyardError && error.code === 'SY_ERR_DATA_FILE_MALFORMED')
      throw new SwitchyardError('SY_ERR_REQUEST_INVALID', error.message, {
        field: 'body',
        ...error.details,
      });
    throw error;
  }
  const base = { siteId: input.siteId, intervals: intervals.length };
  if (intervals.length === 0)
    return { ...base, added: 0, changed: 0, unchanged: 0, fromMs: null, toMs: null };
  const fromMs = Math.min(...intervals.map((i) => i.startMs));
  const toMs = Math.max(...intervals.map((i) => i.endMs));
  const stored = new Map(
    (await storage.energy.intervals(input.siteId, fromMs, toMs, 'utility-csv')).map((i) => [
      i.startMs,
      i.energyWh,
    ]),
  );
  let added = 0;
  let changed = 0;
  for (const interval of intervals) {
    const before = stored.get(interval.startMs);
    if (before === undefined) added++;
    else if (before !== interval.energyWh) changed++;
  }
  const result = { ...base, added, changed, unchanged: intervals.length - added - changed, fromMs, toMs };
  if (added + changed === 0) return result;
  await storage.transaction(async (tx) => {
    await tx.energy.putIntervals(intervals);
    await tx.audit.append({
      atMs: input.nowMs,
      actor: input.actor,
      action: 'energy.utility-import',
      target: `site:${input.siteId}`,
      details: {
        file: input.file,
        intervals: intervals.length,
        added,
        changed,
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
      },
    });
  });
  return result;
}
