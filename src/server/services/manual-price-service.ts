import { randomUUID } from 'node:crypto';
import { SwitchyardError } from '../../core/errors/index.ts';
import type { ManualPrice, ManualPriceDraft } from '../../core/ports/manual-price-repository.ts';
import type { Storage } from '../../core/ports/storage.ts';
import { notExpired } from '../../core/ticks/manual-prices.ts';

/** What the desk may enter: a price on a series the server knows, or a tariff override on a stored site. */
export interface ManualPriceCatalog {
  /** The power-price series that can be overridden (e.g. `ercot_rt_hb_west`). */
  priceSeriesIds(): readonly string[];
}

/**
 * The energy desk's manual prices: entered and withdrawn with an audit entry in the same
 * transaction; the allocation tick reads the current ones into its snapshot.
 */
export class ManualPriceService {
  constructor(
    private readonly storage: Storage,
    private readonly nowMs: () => number,
    private readonly catalog: ManualPriceCatalog,
  ) {}

  async add(draft: ManualPriceDraft, actor: string): Promise<ManualPrice> {
    const nowMs = this.nowMs();
    await this.check(draft, nowMs);
    const entry: ManualPrice = {
      id: randomUUID(),
      kind: draft.kind,
      ...(draft.kind === 'tariff-override' ? { siteId: draft.siteId! } : { seriesId: draft.seriesId! }),
      usdPerMwh: draft.usdPerMwh,
      fromMs: draft.fromMs,
      expiresAtMs: draft.expiresAtMs,
      note: draft.note,
      enteredBy: actor,
      enteredAtMs: nowMs,
    };
    await this.storage.transaction(async (tx) => {
      await tx.manualPrices.create(entry);
      await tx.audit.append({
        atMs: nowMs,
        actor,
        action: 'manual-price.add',
        target: `manual-price:${entry.id}`,
        details: { ...entry },
      });
    });
    return entry;
  }

  /** Entries neither expired nor withdrawn now. */
  async current(): Promise<{ nowMs: number; entries: ManualPrice[] }> {
    const nowMs = this.nowMs();
    return { nowMs, entries: await this.storage.manualPrices.current(nowMs) };
  }

  /** Withdraws an entry; SY_ERR_NOT_FOUND when it is unknown, expired or already withdrawn. */
  async remove(id: string, actor: string): Promise<void> {
    const nowMs = this.nowMs();
    await this.storage.transaction(async (tx) => {
      const entry = await tx.manualPrices.get(id);
      if (!entry || !notExpired(entry, nowMs) || !(await tx.manualPrices.remove(id, nowMs)))
        throw new SwitchyardError('SY_ERR_NOT_FOUND', `no current manual price ${id}`, { id });
      await tx.audit.append({
        atMs: nowMs,
        actor,
        action: 'manual-price.remove',
        target: `manual-price:${id}`,
        details: {},
      });
    });
  }

  private async check(draft: ManualPriceDraft, nowMs: number): Promise<void> {
    if (draft.kind === 'tariff-override') {
      if (draft.siteId === undefined) throw invalid('siteId', 'is required for a tariff override');
      if (draft.seriesId !== undefined) throw invalid('seriesId', 'must be absent for a tariff override');
      if (!(await this.storage.sites.get(draft.siteId)))
        throw invalid('siteId', `unknown site "${draft.siteId}"`);
    } else {
      if (draft.seriesId === undefined) throw invalid('seriesId', `is required for kind ${draft.kind}`);
      if (draft.siteId !== undefined) throw invalid('siteId', `must be absent for kind ${draft.kind}`);
      const known = this.catalog.priceSeriesIds();
      if (!known.includes(draft.seriesId))
        throw invalid('seriesId', `unknown price series "${draft.seriesId}" (known: ${known.join(', ')})`);
    }
    if (!(draft.expiresAtMs > draft.fromMs)) throw invalid('expiresAtMs', 'must be after fromMs');
    if (!(draft.expiresAtMs > nowMs)) throw invalid('expiresAtMs', 'is already past');
  }
}

/** A bad field of the request body, named as the schema validation names it (`body/seriesId`). */
function invalid(field: string, reason: string): SwitchyardError {
  return new SwitchyardError('SY_ERR_REQUEST_INVALID', `body/${field}: ${reason}`, {
    field: `body/${field}`,
    reason,
  });
}
