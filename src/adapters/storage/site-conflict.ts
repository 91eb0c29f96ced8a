import { SwitchyardError } from '../../core/errors/index.ts';

/** The error `sites.put` throws when the stored version is not the expected one (0: no such site). */
export function siteConflict(
  siteId: string,
  expectedVersion: number,
  actualVersion: number,
): SwitchyardError {
  return new SwitchyardError(
    'SY_ERR_STORAGE_CONFLICT',
    `site ${siteId} is at version ${actualVersion}, not ${expectedVersion}: it changed since it was read`,
    { siteId, expectedVersion, actualVersion },
  );
}
