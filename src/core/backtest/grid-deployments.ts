import type { AncillaryService } from '../fleet/grid-programmes-schema.ts';
import type { GridEvent } from '../market/grid.ts';

export interface DeploymentWindow {
  readonly fromMs: number;
  readonly toMs: number;
  /** Why the window is a deployment: `record` (the event says so) or the stated rule applied. */
  readonly basis: string;
}

export interface GridDeployments {
  readonly byService: ReadonlyMap<AncillaryService, readonly DeploymentWindow[]>;
  readonly ers: readonly DeploymentWindow[];
  /** Conservation appeals and notices (voluntary-conservation credit windows). */
  readonly conservation: readonly DeploymentWindow[];
  /** The rules used where the record has no deployment times, one sentence each. */
  readonly rules: readonly string[];
}

const EEA = new Set(['EEA1', 'EEA2', 'EEA3']);

/**
 * Deployments from the grid events, the record where it exists and a stated rule where not:
 * - EEA windows (record): load resources carrying RRS, ECRS, Non-Spin and Reg-Up are deployed, and ERS.
 * - An ERS deployment without times (2023-09-06): from the start of that day's first conservation
 *   appeal or EEA to the end of its last EEA (ERCOT deployed ERS before declaring the EEA).
 * - Conservation appeals (no deployment record): ECRS is deployed for the appeal's window (ERCOT
 *   issues appeals when reserves are forecast short, and ECRS is the reserve it releases first).
 * - Frequency excursions above 59.7 Hz trip no under-frequency relay: no RRS deployment.
 * Voluntary conservation notices deploy nothing; they and the appeals are conservation-credit windows.
 */
export function deploymentWindows(events: readonly GridEvent[]): GridDeployments {
  const byService = new Map<AncillaryService, DeploymentWindow[]>();
  const add = (service: AncillaryService, window: DeploymentWindow) => {
    const list = byService.get(service) ?? [];
    list.push(window);
    byService.set(service, list);
  };
  const ers: DeploymentWindow[] = [];
  const conservation: DeploymentWindow[] = [];
  const rules = new Set<string>();
  for (const event of events) {
    if (event.fromMs === undefined || event.toMs === undefined) continue;
    const window = { fromMs: event.fromMs, toMs: event.toMs };
    if (EEA.has(event.type)) {
      for (const service of ['rrs', 'ecrs', 'non-spin', 'reg-up'] as const)
        add(service, { ...window, basis: `record: ${event.type} ${event.date}` });
      ers.push({ ...window, basis: `record: ${event.type} ${event.date}` });
    } else if (event.type === 'conservation_appeal') {
      add('ecrs', {
        ...window,
        basis: `rule: ECRS deployed during the conservation appeal of ${event.date}`,
      });
      rules.add('ECRS deployed during conservation appeals (no deployment record)');
      conservation.push({ ...window, basis: `record: conservation appeal ${event.date}` });
    } else if (event.type === 'voluntary_conservation_notice') {
      conservation.push({ ...window, basis: `record: conservation notice ${event.date}` });
    }
  }
  for (const event of events) {
    if (event.type !== 'ers_deployment' || event.fromMs !== undefined) continue;
    const sameDay = events.filter((e) => e.date === event.date && e.fromMs !== undefined);
    const starts = sameDay
      .filter((e) => e.type === 'conservation_appeal' || EEA.has(e.type))
      .map((e) => e.fromMs!);
    const ends = sameDay.filter((e) => EEA.has(e.type)).map((e) => e.toMs!);
    if (starts.length === 0 || ends.length === 0) continue;
    ers.push({
      fromMs: Math.min(...starts),
      toMs: Math.max(...ends),
      basis: `rule: ERS of ${event.date} from the day's first appeal or EEA to its last EEA's end`,
    });
    rules.add(
      "ERS deployment without times: from the day's first conservation appeal or EEA to the end of its last EEA",
    );
  }
  return { byService, ers, conservation, rules: [...rules] };
}
