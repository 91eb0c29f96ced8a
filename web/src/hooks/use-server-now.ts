import { api } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { usePoll } from './use-poll.ts';

/**
 * The server's clock, read every `intervalMs` (a replayed clock runs faster than the wall clock, so
 * countdowns to server times are worked out against it, not against the browser's).
 */
export function useServerNow(intervalMs = 5000): number | undefined {
  return usePoll((signal) => api<Me>('/me', { signal }), 'me', intervalMs).data?.nowMs;
}
