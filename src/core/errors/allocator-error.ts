import type { ErrorCode } from './error-codes.ts';
import { SwitchyardError } from './switchyard-error.ts';

/** The allocator could not plan a site: names the site and, where known, the constraint at fault. */
export class AllocatorError extends SwitchyardError {
  readonly siteId: string;

  constructor(code: ErrorCode, siteId: string, message: string, details: Record<string, unknown> = {}) {
    super(code, `site ${siteId}: ${message}`, { siteId, ...details });
    this.name = 'AllocatorError';
    this.siteId = siteId;
  }
}
