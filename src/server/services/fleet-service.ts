import { ConfigError, SwitchyardError } from '../../core/errors/index.ts';
import { type Fleet, type FleetCatalog, parseFleet, type Site } from '../../core/fleet/index.ts';
import type { SiteRecord, Storage } from '../../core/ports/storage.ts';
import { planFleetImport } from './fleet-import.ts';

/**
 * The fleet as the control plane holds it: sites in storage, each change validated with the same
 * schema as the fleet file and audited (who, when, what).
 */
export class FleetService {
  private currencies: Readonly<Record<string, number>> = {};

  constructor(
    private readonly storage: Storage,
    private readonly nowMs: () => number,
    /** The data directory's models and series, to refuse an import that strands a stored site. */
    private readonly catalog?: FleetCatalog,
  ) {}

  /** Restores the currency rates of the last fleet import (kept in its audit record). */
  async restore(): Promise<void> {
    const [last] = await this.storage.audit.list({ target: 'fleet', limit: 1 });
    const currencies = last?.details.currencies;
    if (currencies && typeof currencies === 'object')
      this.currencies = { ...(currencies as Record<string, number>) };
  }

  /**
   * Imports a fleet file as a declared operation (fleet-import.ts: `mode` merge, the default, or
   * replace): the sites, removals and rates it names, in one transaction with its audit record.
   */
  async importFleet(document: unknown, actor: string): Promise<SiteRecord[]> {
    const stored = (await this.storage.sites.list()).map((r) => r.site);
    const plan = planFleetImport(document, stored, this.currencies, this.catalog);
    const records = await this.storage.transaction(async (tx) => {
      for (const siteId of plan.removeSiteIds) await tx.sites.delete(siteId);
      const written: SiteRecord[] = [];
      for (const site of plan.sites) written.push(await tx.sites.put(site));
      await tx.audit.append({
        atMs: this.nowMs(),
        actor,
        action: 'fleet.import',
        target: 'fleet',
        details: {
          mode: plan.mode,
          sites: plan.sites.map((s) => s.id),
          removed: [...plan.removeSiteIds],
          currencies: { ...plan.currencies },
        },
      });
      return written;
    });
    this.currencies = { ...plan.currencies };
    return records;
  }

  async list(): Promise<SiteRecord[]> {
    return this.storage.sites.list();
  }

  async get(siteId: string): Promise<SiteRecord> {
    const record = await this.storage.sites.get(siteId);
    if (!record) throw new SwitchyardError('SY_ERR_NOT_FOUND', `no site ${siteId}`, { siteId });
    return record;
  }

  /** The fleet as the allocator needs it (every stored site and the currency rates). */
  async fleet(): Promise<Fleet | undefined> {
    const sites = (await this.storage.sites.list()).map((r) => r.site);
    if (sites.length === 0) return undefined;
    return { version: 1, baseCurrency: 'USD', currencies: this.currencies, sites };
  }

  /**
   * Replaces a site with `change(site)`, validated as a fleet file would be. With `expectedVersion`
   * a concurrent change is a conflict rather than a silent overwrite.
   */
  async update(
    siteId: string,
    change: (site: Site) => unknown,
    actor: string,
    action: string,
    expectedVersion?: number,
  ): Promise<SiteRecord> {
    const current = siteId === '' ? undefined : await this.storage.sites.get(siteId);
    const candidate = change(current ? structuredClone(current.site) : ({} as Site));
    const site = this.validate(candidate);
    if (current && site.id !== current.site.id) {
      throw new SwitchyardError(
        'SY_ERR_REQUEST_INVALID',
        `site id cannot change (${current.site.id} -> ${site.id})`,
        {
          field: 'id',
        },
      );
    }
    return this.storage.transaction(async (tx) => {
      const record = await tx.sites.put(site, expectedVersion ?? current?.version);
      await tx.audit.append({
        atMs: this.nowMs(),
        actor,
        action,
        target: `site:${site.id}`,
        details: { version: record.version, before: current?.site ?? null, after: site },
      });
      return record;
    });
  }

  /** Changes a part of a stored site (battery, grid, a group); NOT_FOUND when there is no such site. */
  async updatePart(
    siteId: string,
    change: (site: Site) => unknown,
    actor: string,
    action: string,
    expectedVersion?: number,
  ): Promise<SiteRecord> {
    await this.get(siteId);
    return this.update(siteId, change, actor, action, expectedVersion);
  }

  async create(site: unknown, actor: string): Promise<SiteRecord> {
    const parsed = this.validate(site);
    if (await this.storage.sites.get(parsed.id)) {
      throw new SwitchyardError('SY_ERR_STORAGE_CONFLICT', `site ${parsed.id} already exists`, {
        siteId: parsed.id,
      });
    }
    return this.update('', () => parsed, actor, 'site.create');
  }

  async delete(siteId: string, actor: string): Promise<void> {
    await this.get(siteId);
    await this.storage.transaction(async (tx) => {
      await tx.sites.delete(siteId);
      await tx.audit.append({
        atMs: this.nowMs(),
        actor,
        action: 'site.delete',
        target: `site:${siteId}`,
        details: {},
      });
    });
  }

  /** Validates one site with the fleet-file schema; errors name the field within the site (`battery.capacityMwh`). */
  private validate(site: unknown): Site {
    try {
      return parseFleet({ version: 1, currencies: this.currencies, sites: [site] }, 'site').sites[0]!;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      throw new ConfigError(
        'site',
        error.issues.map((issue) => ({
          ...issue,
          path: issue.path.replace(/^sites\[0\]\.?/, '') || '(site)',
        })),
      );
    }
  }
}
