import type { Posting } from '../../core/accounting/ledger.ts';
import {
  type BookingState,
  baseKeyOf,
  meteredEnergyPosting,
  performedDrPosting,
  poolCreditPostings,
} from '../../core/actuals/actual-postings.ts';
import type { Storage } from '../../core/ports/storage.ts';
import type { ActualsMonthReport } from './actuals-service.ts';

/** What booking a month's actuals did. */
export interface ActualsBooked {
  readonly poolCredits: number;
  readonly energyDays: number;
  readonly drCredits: number;
}

/**
 * Books actual events only: the pools' credits (sats), each measured site-day's energy at the
 * contract's price, and each performed demand-response event's measured credit (micro-USD). A
 * figure booked before and revised since (a late credit, utility data imported after the meter's
 * figure) posts its difference; a closed month's figures post into the open period.
 */
export class ActualsBooking {
  constructor(
    private readonly storage: Storage,
    private readonly actuals: {
      month(month: string, nowMs: number): Promise<ActualsMonthReport>;
      closedMonths(): Promise<Set<string>>;
    },
  ) {}

  /** Books every stored pool credit of [fromDate, toDate] not booked yet (late ones on `openDate`). */
  async postCredits(fromDate: string, toDate: string, openDate: string): Promise<number> {
    const credits = await this.storage.poolCredits.list({ fromDate, toDate });
    const state = await this.#state(openDate, 'pool-receivable', 'debit', 'pool-credit:');
    return (await this.storage.ledger.postAll(poolCreditPostings(credits, state))).booked;
  }

  /** Books the month's pool credits, metered energy cost per site-day and performed DR credits. */
  async postMonth(month: string, nowMs: number, openDate: string): Promise<ActualsBooked> {
    const report = await this.actuals.month(month, nowMs);
    const poolCredits = await this.postCredits(`${month}-01`, `${month}-31`, openDate);
    const energy = await this.#state(openDate, 'energy-payable', 'credit', 'energy-metered:');
    const energyPostings: Posting[] = [];
    for (const site of report.sites)
      for (const day of site.days) {
        if (day.energy.energyWh === null || day.energy.source === null || !day.energyCost) continue;
        const posting = meteredEnergyPosting(
          {
            siteId: site.siteId,
            date: day.energy.date,
            costMicroUsd: day.energyCost.costMicroUsd,
            energyWh: day.energy.energyWh,
            source: day.energy.source,
          },
          energy,
        );
        if (posting) energyPostings.push(posting);
      }
    const dr = await this.#state(openDate, 'dr-credits', 'credit', 'dr-performed:');
    const drPostings: Posting[] = [];
    for (const site of report.sites)
      for (const event of site.drEvents) {
        if (event.measuredWh === null) continue;
        const posting = performedDrPosting({ ...event }, dr);
        if (posting) drPostings.push(posting);
      }
    return {
      poolCredits,
      energyDays: (await this.storage.ledger.postAll(energyPostings)).booked,
      drCredits: (await this.storage.ledger.postAll(drPostings)).booked,
    };
  }

  /** Closed months, and what is booked per base key on `account` (positive on `side`). */
  async #state(
    openDate: string,
    account: string,
    side: 'debit' | 'credit',
    keyPrefix: string,
  ): Promise<BookingState> {
    const booked = new Map<string, bigint>();
    for (const posting of await this.storage.ledger.list({ accountPrefix: account })) {
      if (!posting.key.startsWith(keyPrefix)) continue;
      const line = posting.lines.find((l) => l.account === account);
      if (!line) continue;
      const base = baseKeyOf(posting.key);
      booked.set(base, (booked.get(base) ?? 0n) + (line.side === side ? line.amount : -line.amount));
    }
    return { closedMonths: await this.actuals.closedMonths(), openDate, booked };
  }
}
