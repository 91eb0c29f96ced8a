import { api } from '../api/client.ts';
import type { Me, Setpoint } from '../api/types.ts';

/** Where each site's setpoints stand before an action: the action's own setpoint comes after. */
export interface Baseline {
  readonly serverMs: number;
  readonly seqs: Readonly<Record<string, number>>;
}

/** Reads the latest setpoint of each site, and the server's clock, just before an action. */
export async function takeBaseline(siteIds: readonly string[]): Promise<Baseline> {
  const { nowMs } = await api<Me>('/me');
  const latest = await Promise.all(
    siteIds.map(async (siteId) => {
      const { setpoints } = await api<{ setpoints: Setpoint[] }>(
        `/sites/${encodeURIComponent(siteId)}/setpoints?from=${nowMs - 6 * 3_600_000}`,
      );
      return [siteId, setpoints.reduce((seq, s) => Math.max(seq, s.seq), 0)] as const;
    }),
  );
  return { serverMs: nowMs, seqs: Object.fromEntries(latest) };
}
