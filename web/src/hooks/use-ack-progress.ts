import { useEffect, useState } from 'react';
import type { TrackedAction } from '../actions/tracked-action.ts';
import { api } from '../api/client.ts';
import type { Setpoint } from '../api/types.ts';
import { usePoll } from './use-poll.ts';

export type AckPhase = 'waiting' | 'issued' | 'acked' | 'rejected';

export interface SiteAckProgress {
  readonly siteId: string;
  readonly phase: AckPhase;
  readonly setpoint?: Setpoint;
}

/**
 * Follows an action to the sites: for each site, the first setpoint issued after the action that
 * honours it, and whether the site's agent has acked it. Polls every second until all have answered
 * (the component is keyed by the action, so a new action starts afresh).
 */
export function useAckProgress(action: TrackedAction | undefined): {
  sites: readonly SiteAckProgress[];
  done: boolean;
  error: unknown;
} {
  const [finished, setFinished] = useState(false);
  const polled = usePoll(
    async (signal) => {
      if (!action) return [];
      const from = action.baseline.serverMs - 15 * 60_000;
      return Promise.all(
        action.siteIds.map(async (siteId): Promise<SiteAckProgress> => {
          const { setpoints } = await api<{ setpoints: Setpoint[] }>(
            `/sites/${encodeURIComponent(siteId)}/setpoints?from=${from}`,
            { signal },
          );
          const after = action.baseline.seqs[siteId] ?? 0;
          const matching = setpoints.filter(
            (s) => s.seq > after && (action.wantCurtailed === null || s.curtailed === action.wantCurtailed),
          );
          const acked = matching.find((s) => s.ackedAtMs !== undefined);
          const setpoint = acked ?? matching[0];
          const phase: AckPhase = !setpoint
            ? 'waiting'
            : setpoint.ackedAtMs === undefined
              ? 'issued'
              : setpoint.ackOk === false
                ? 'rejected'
                : 'acked';
          return { siteId, phase, setpoint };
        }),
      );
    },
    action?.id ?? 'none',
    finished ? 0 : 1000,
  );
  const sites = polled.data ?? [];
  const done = sites.length > 0 && sites.every((s) => s.phase === 'acked' || s.phase === 'rejected');
  useEffect(() => {
    if (done) setFinished(true); // stop polling
  }, [done]);
  return { sites, done, error: polled.error };
}
