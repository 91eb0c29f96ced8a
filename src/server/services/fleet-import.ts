import { ConfigError, type ConfigIssue, SwitchyardError } from '../../core/errors/index.ts';
import {
  checkFleetReferences,
  type Fleet,
  type FleetCatalog,
  parseFleet,
  type Site,
} from '../../core/fleet/index.ts';
import type { MarketData } from '../../core/ports/market-data.ts';

/**
 * A fleet import is a declared operation:
 * - `merge` (the default): the sites in the file are created or replaced, every other stored site
 *   is kept as it is; the file's `currencies` rates are set (`null` removes one), every other
 *   stored rate is kept;
 * - `replace`: the fleet becomes the file: stored sites it does not list are removed, and its
 *   `currencies` are the only rates.
 * Either way the resulting fleet is validated whole, and a change that leaves a site it does not
 * name without something it uses (a currency rate, a series priced in a currency) is refused with
 * SY_ERR_FLEET_CHANGE_STRANDS_SITE naming the site and the field.
 */
export type ImportMode = 'merge' | 'replace';
export const IMPORT_MODES: readonly ImportMode[] = ['merge', 'replace'];

export interface ImportPlan {
  readonly mode: ImportMode;
  /** Sites to create or replace, as parsed. */
  readonly sites: readonly Site[];
  /** Stored sites to remove (`replace` only). */
  readonly removeSiteIds: readonly string[];
  /** The currency rates after the import. */
  readonly currencies: Readonly<Record<string, number>>;
}

export function planFleetImport(
  document: unknown,
  stored: readonly Site[],
  storedCurrencies: Readonly<Record<string, number>>,
  catalog?: FleetCatalog,
): ImportPlan {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new ConfigError('request body', [
      { path: '(root)', message: 'must be a fleet document (an object)' },
    ]);
  }
  const { mode: asked, ...file } = document as Record<string, unknown>;
  if (asked !== undefined && !IMPORT_MODES.includes(asked as ImportMode)) {
    throw new ConfigError('request body', [{ path: 'mode', message: 'must be one of "merge", "replace"' }]);
  }
  const mode = (asked as ImportMode | undefined) ?? 'merge';
  const given = file.currencies;
  const currencies =
    mode === 'replace' || given === undefined || typeof given !== 'object' || given === null
      ? given
      : mergeRates(storedCurrencies, given as Record<string, unknown>);
  const imported = parseFleet(
    { ...file, ...(currencies === undefined ? {} : { currencies }) },
    'request body',
  );
  const named = new Set(imported.sites.map((s) => s.id));
  const kept = mode === 'replace' ? [] : stored.filter((s) => !named.has(s.id));
  const result: Fleet = {
    ...imported,
    currencies: mode === 'merge' && given === undefined ? { ...storedCurrencies } : imported.currencies,
    sites: [...kept, ...imported.sites],
  };
  const before = problemsBySite(
    { ...result, currencies: { ...storedCurrencies }, sites: [...stored] },
    catalog,
  );
  refuseStranded(result, named, before, catalog);
  return {
    mode,
    sites: imported.sites,
    removeSiteIds: mode === 'replace' ? stored.filter((s) => !named.has(s.id)).map((s) => s.id) : [],
    currencies: result.currencies,
  };
}

/** The stored rates with the file's set over them; a `null` rate removes that currency. */
function mergeRates(
  stored: Readonly<Record<string, number>>,
  given: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored };
  for (const [code, rate] of Object.entries(given)) {
    if (rate === null) delete merged[code];
    else merged[code] = rate;
  }
  return merged;
}

/** Every problem of a whole fleet (schema and catalogue), as `siteId field: message`. */
function problems(
  fleet: Fleet,
  catalog: FleetCatalog | undefined,
): { siteId?: string; field: string; message: string }[] {
  let issues: ConfigIssue[] = [];
  try {
    parseFleet(fleet, 'fleet');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues = [...error.issues];
  }
  if (catalog) issues.push(...checkFleetReferences(fleet, catalog));
  return issues.map((issue) => {
    const match = /^sites\[(\d+)\]\.?(.*)$/.exec(issue.path);
    const site = match ? fleet.sites[Number(match[1])] : undefined;
    return { siteId: site?.id, field: match ? match[2] || '(site)' : issue.path, message: issue.message };
  });
}

function problemsBySite(fleet: Fleet, catalog: FleetCatalog | undefined): Set<string> {
  return new Set(problems(fleet, catalog).map((p) => `${p.siteId} ${p.field}: ${p.message}`));
}

/**
 * Checks the fleet after the import: a new problem in a site the file does not name is a stranded
 * site (a problem it had before is not the import's doing).
 */
function refuseStranded(
  fleet: Fleet,
  named: ReadonlySet<string>,
  before: ReadonlySet<string>,
  catalog: FleetCatalog | undefined,
): void {
  for (const problem of problems(fleet, catalog)) {
    if (problem.siteId === undefined) {
      throw new ConfigError('fleet after import', [{ path: problem.field, message: problem.message }]);
    }
    if (named.has(problem.siteId) || before.has(`${problem.siteId} ${problem.field}: ${problem.message}`))
      continue;
    const site = { id: problem.siteId };
    const field = problem.field;
    const issue = { message: problem.message };
    throw new SwitchyardError(
      'SY_ERR_FLEET_CHANGE_STRANDS_SITE',
      `the import would strand site ${site.id}: ${field}: ${issue.message}; include that site in the import, or keep what it uses`,
      { siteId: site.id, field, reason: issue.message },
    );
  }
}

/** What the data directory offers, for checking the names sites refer to. */
export function fleetCatalogOf(market: MarketData): FleetCatalog {
  return {
    minerModels: market.minerModels(),
    priceSeries: new Map(market.priceSeriesIds().map((id) => [id, market.priceCurrency(id)])),
    solarWeatherIds: market.solarWeatherIds(),
    windIds: market.hubHeightWindIds(),
  };
}
