import { microUsdToText, satsToBtcText } from '../accounting/exact-units.ts';
import { type LedgerUnit, type Posting, transfer } from '../accounting/ledger.ts';
import type { StoredPoolCredit } from '../pools/pool-credit.ts';

/** Where the books stand: closed months, the open period's day, what is already booked per key. */
export interface BookingState {
  /** Months (`YYYY-MM`) already closed. */
  readonly closedMonths: ReadonlySet<string>;
  /** The date late figures are booked on (a day of the open period). */
  readonly openDate: string;
  /** What is already booked per base key (net on the debit account), in the posting's unit. */
  readonly booked: ReadonlyMap<string, bigint>;
}

/** One measured amount the books must hold under a base key (a credit, a day's energy, an event). */
export interface ActualAmount {
  readonly baseKey: string;
  /** The day the amount belongs to (its production or consumption day). */
  readonly date: string;
  readonly unit: LedgerUnit;
  readonly debit: string;
  readonly credit: string;
  readonly amount: bigint;
  readonly memo: string;
}

/**
 * The posting that brings the books to an actual amount: the whole amount the first time, only the
 * difference when the figure was revised (keyed with the revised amount, so nothing booked changes),
 * none when it is booked already. A figure of a closed month posts into the open period on
 * `openDate`, its own day named in the memo.
 */
export function actualPosting(actual: ActualAmount, state: BookingState): Posting | undefined {
  const booked = state.booked.get(actual.baseKey) ?? 0n;
  const difference = actual.amount - booked;
  if (difference === 0n) return undefined;
  const late = state.closedMonths.has(actual.date.slice(0, 7));
  const key = booked === 0n ? actual.baseKey : `${actual.baseKey}:revised:${actual.amount}`;
  const text = (v: bigint) =>
    actual.unit === 'sats' ? `${satsToBtcText(v)} BTC` : `${microUsdToText(v)} USD`;
  return transfer(
    key,
    late ? state.openDate : actual.date,
    actual.unit,
    actual.debit,
    actual.credit,
    difference,
    `${actual.memo}${late ? ` (late: ${actual.date.slice(0, 7)} closed)` : ''}${
      booked === 0n ? '' : ` (revised from ${text(booked)})`
    }`,
  );
}

/** The base key a posting was booked under (its key without a `:revised:<amount>` tail). */
export function baseKeyOf(key: string): string {
  const at = key.indexOf(':revised:');
  return at < 0 ? key : key.slice(0, at);
}

/**
 * Pool credits as the actual event the books record for mining revenue (debit `pool-receivable`,
 * credit `mining-revenue:<site>`), keyed `pool-credit:<source>:<account>:<date>`.
 */
export function poolCreditPostings(credits: readonly StoredPoolCredit[], state: BookingState): Posting[] {
  return credits
    .map((credit) =>
      actualPosting(
        {
          baseKey: `pool-credit:${credit.source}:${credit.account}:${credit.date}`,
          date: credit.date,
          unit: 'sats',
          debit: 'pool-receivable',
          credit: `mining-revenue:${credit.siteId}`,
          amount: credit.creditedSats,
          memo: `pool credit ${credit.source} ${credit.account} for ${credit.date}: ${satsToBtcText(credit.creditedSats)} BTC`,
        },
        state,
      ),
    )
    .filter((p): p is Posting => p !== undefined);
}

/**
 * A site-day's metered energy cost (contract terms x measured energy) as an actual event: debit
 * `energy-cost:<site>:metered`, credit `energy-payable`, keyed `energy-metered:<site>:<date>`, the
 * source of the energy (utility data, meter, labelled device sum) in the memo.
 */
export function meteredEnergyPosting(
  day: { siteId: string; date: string; costMicroUsd: bigint; energyWh: number; source: string },
  state: BookingState,
): Posting | undefined {
  return actualPosting(
    {
      baseKey: `energy-metered:${day.siteId}:${day.date}`,
      date: day.date,
      unit: 'micro-usd',
      debit: `energy-cost:${day.siteId}:metered`,
      credit: 'energy-payable',
      amount: day.costMicroUsd,
      memo: `energy ${day.siteId} ${day.date}: ${Math.round(day.energyWh)} Wh from ${day.source}`,
    },
    state,
  );
}

/**
 * A demand-response credit earned by a performed event (measured reduction below the stated
 * baseline): debit `cash-usd`, credit `dr-credits`, keyed `dr-performed:<site>:<event>`.
 */
export function performedDrPosting(
  credit: { siteId: string; eventId: string; date: string; creditMicroUsd: bigint; reducedWh: bigint },
  state: BookingState,
): Posting | undefined {
  return actualPosting(
    {
      baseKey: `dr-performed:${credit.siteId}:${credit.eventId}`,
      date: credit.date,
      unit: 'micro-usd',
      debit: 'cash-usd',
      credit: 'dr-credits',
      amount: credit.creditMicroUsd,
      memo: `demand-response credit ${credit.siteId} ${credit.eventId}: ${credit.reducedWh} Wh reduced below the baseline (measured)`,
    },
    state,
  );
}
