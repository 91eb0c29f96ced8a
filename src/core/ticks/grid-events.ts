import type { Site } from '../fleet/index.ts';

/** A grid event as the allocator reads it: sites, window, and MW to shed (undefined: all mining). */
export interface GridEventWindow {
  readonly id: string;
  readonly siteIds: readonly string[];
  readonly startMs: number;
  readonly endMs: number;
  readonly shedMw?: number;
}

/** Grid events become demand-response caps the allocator honours: full curtailment = no import. */
export function applyGridEvents(site: Site, events: readonly GridEventWindow[]): Site {
  const mine = events.filter((e) => e.siteIds.includes(site.id));
  if (mine.length === 0) return site;
  return {
    ...site,
    demandResponse: [
      ...site.demandResponse,
      ...mine.map((e) => ({
        id: `grid-${e.id.slice(0, 8)}`,
        from: new Date(e.startMs).toISOString(),
        to: new Date(e.endMs).toISOString(),
        // Full curtailment stops mining but keeps the GPUs' leases powered.
        maxImportMw:
          e.shedMw === undefined ? gpuFacilityMw(site) : Math.max(0, site.grid.importMw - e.shedMw),
      })),
    ],
  };
}

function gpuFacilityMw(site: Site): number {
  return (site.gpuNodes.reduce((sum, g) => sum + g.count * g.wattsPerGpu, 0) / 1e6) * site.pue;
}
