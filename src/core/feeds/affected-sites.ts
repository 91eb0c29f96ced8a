import type { Site } from '../fleet/fleet-schema.ts';

/**
 * Sites that plan on a series: a `power:<id>` series feeds the sites whose market supply names it
 * (real-time or day-ahead); a `btc:*` series feeds every site with miners.
 */
export function sitesUsingSeries(key: string, sites: readonly Site[]): string[] {
  if (key.startsWith('btc:') || key.startsWith('btc-epoch:')) {
    return sites.filter((s) => s.minerGroups.length > 0).map((s) => s.id);
  }
  // Weather forecasts are per site: `forecast:<site id>:<variable>`.
  if (key.startsWith('forecast:')) {
    const siteId = key.split(':')[1];
    return sites.filter((s) => s.id === siteId).map((s) => s.id);
  }
  if (!key.startsWith('power:')) return [];
  const id = key.slice('power:'.length);
  return sites
    .filter((site) =>
      site.supply.some(
        (supply) => supply.kind === 'market' && (supply.series === id || supply.dayAheadSeries === id),
      ),
    )
    .map((s) => s.id);
}
