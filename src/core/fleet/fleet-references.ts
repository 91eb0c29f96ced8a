import type { ConfigIssue } from '../errors/index.ts';
import type { MinerModel } from '../market/reference.ts';
import type { Fleet } from './fleet-schema.ts';

/** What the data directory offers, for checking the names a fleet file refers to. */
export interface FleetCatalog {
  readonly minerModels: readonly MinerModel[];
  /** Price series id -> its currency. */
  readonly priceSeries: ReadonlyMap<string, string>;
  readonly solarWeatherIds: readonly string[];
  readonly windIds: readonly string[];
}

/** Checks model names, series and weather ids and power-target ranges against the catalogue. */
export function checkFleetReferences(fleet: Fleet, catalog: FleetCatalog): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const models = new Map(catalog.minerModels.map((m) => [m.model, m]));
  const currencies = new Set(['USD', ...Object.keys(fleet.currencies)]);
  fleet.sites.forEach((site, s) => {
    site.minerGroups.forEach((group, g) => {
      const model = models.get(group.model);
      const path = `sites[${s}].minerGroups[${g}]`;
      if (!model) {
        issues.push({
          path: `${path}.model`,
          message: `unknown miner model "${group.model}" (known: ${[...models.keys()].join(', ')})`,
        });
      } else if (group.powerTargetW && group.powerTargetW.maxW > model.powerW * 1.5) {
        issues.push({
          path: `${path}.powerTargetW.maxW`,
          message: `${group.powerTargetW.maxW} W is over 1.5x the ${model.model} nameplate ${model.powerW} W`,
        });
      }
    });
    site.supply.forEach((entry, i) => {
      const path = `sites[${s}].supply[${i}]`;
      if (entry.kind === 'market') {
        for (const [field, seriesId] of [
          ['series', entry.series],
          ['dayAheadSeries', entry.dayAheadSeries],
        ] as const) {
          if (seriesId === undefined) continue;
          const seriesCurrency = catalog.priceSeries.get(seriesId);
          if (seriesCurrency === undefined) {
            issues.push({
              path: `${path}.${field}`,
              message: `unknown price series "${seriesId}" (known: ${[...catalog.priceSeries.keys()].join(', ')})`,
            });
          } else if (entry.currency !== undefined && entry.currency !== seriesCurrency) {
            issues.push({
              path: `${path}.currency`,
              message: `is ${entry.currency} but series "${seriesId}" is priced in ${seriesCurrency}`,
            });
          } else if (!currencies.has(entry.currency ?? seriesCurrency)) {
            issues.push({
              path: `${path}.${field}`,
              message: `series is in ${seriesCurrency}, which has no rate in currencies`,
            });
          }
        }
      }
      if (entry.kind === 'solar' && !catalog.solarWeatherIds.includes(entry.weather)) {
        issues.push({
          path: `${path}.weather`,
          message: `unknown weather file "${entry.weather}" (known: ${catalog.solarWeatherIds.join(', ')})`,
        });
      }
      if (entry.kind === 'wind' && !catalog.windIds.includes(entry.wind)) {
        issues.push({
          path: `${path}.wind`,
          message: `unknown hub-height wind file "${entry.wind}" (known: ${catalog.windIds.join(', ')})`,
        });
      }
    });
  });
  return issues;
}
