import { api } from '../api/client.ts';
import type { FleetStatus } from '../api/types.ts';

/** Where each site's setpoints stand before an action: the action's own setpoint comes after. */
export interface Baseline {
  readonly serverMs: number;
  readonly seqs: Readonly<Record<string, number>>;
}

export async function takeBaseline(): Promise<Baseline> {
  const status = await api<FleetStatus>('/fleet/status');
  return {
    serverMs: status.nowMs,
    seqs: Object.fromEntries(status.sites.map((s) => [s.id, s.setpoint?.seq ?? 0])),
  };
}
