import { SwitchyardError } from '../../core/errors/index.ts';

/** SY_ERR_FEED_UNAVAILABLE: no answer in time, refused, or an HTTP error status. */
export function feedUnavailable(feedId: string, problem: string, cause?: unknown): SwitchyardError {
  return new SwitchyardError(
    'SY_ERR_FEED_UNAVAILABLE',
    `feed ${feedId}: ${problem}`,
    { feed: feedId },
    cause === undefined ? undefined : { cause },
  );
}

/** SY_ERR_FEED_REPLY_INVALID: the reply is not in the provider's published format. */
export function feedReplyInvalid(feedId: string, problem: string): SwitchyardError {
  return new SwitchyardError('SY_ERR_FEED_REPLY_INVALID', `feed ${feedId}: ${problem}`, { feed: feedId });
}
