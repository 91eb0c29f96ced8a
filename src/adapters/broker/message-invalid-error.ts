import { SwitchyardError } from '../../core/errors/index.ts';
import type { RejectionKind } from './messages.ts';
import type { SiteTopicKind } from './topics.ts';

/** SY_ERR_MESSAGE_INVALID for a message that failed decodeMessage/checkMessage. */
export function messageInvalidError(
  kind: SiteTopicKind,
  siteId: string,
  rejection: RejectionKind,
  reason: string,
): SwitchyardError {
  return new SwitchyardError('SY_ERR_MESSAGE_INVALID', `${kind} message for site ${siteId}: ${reason}`, {
    kind,
    siteId,
    rejection,
    reason,
  });
}
