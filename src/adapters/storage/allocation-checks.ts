import { SwitchyardError } from '../../core/errors/index.ts';
import type { SiteDecisionRecord } from '../../core/ports/storage.ts';

/** Money is stored as integer cents: a fractional amount is a bug in the caller, not something to round here. */
export function checkDecisionCents(runId: string, sites: readonly SiteDecisionRecord[]): void {
  for (const site of sites) {
    if (!Number.isSafeInteger(site.expectedCents)) {
      throw new SwitchyardError(
        'SY_ERR_INTERNAL',
        `run ${runId}, site ${site.siteId}: expectedCents must be a whole number of cents, got ${site.expectedCents}`,
        { runId, siteId: site.siteId, expectedCents: site.expectedCents },
      );
    }
  }
}

/** `complete` on a run that is no longer running: it was taken over as stale, or already finished. */
export function runNotRunning(runId: string): SwitchyardError {
  return new SwitchyardError(
    'SY_ERR_STORAGE_CONFLICT',
    `allocation run ${runId} is not running (already finished, or taken over after going stale)`,
    { runId },
  );
}
