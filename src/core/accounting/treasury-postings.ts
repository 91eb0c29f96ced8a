import { MICRO_USD_PER_CENT } from './lease-revenue.ts';
import { type Posting, transfer } from './ledger.ts';

/** A movement of the BTC treasury the operator enters. Amounts are exact whole sats and cents. */
export type TreasuryMovement =
  | {
      readonly kind: 'sale';
      readonly id: string;
      readonly date: string;
      readonly sats: bigint;
      /** USD received for the sats, cents. */
      readonly usdCents: bigint;
      readonly note?: string;
    }
  | {
      readonly kind: 'transfer-out';
      readonly id: string;
      readonly date: string;
      readonly sats: bigint;
      /** Where the BTC went (cold storage, an exchange, a payment). */
      readonly destination: string;
    }
  | {
      /** BTC the pool paid into the treasury (as a payout file line would book it). */
      readonly kind: 'payout';
      readonly id: string;
      readonly date: string;
      readonly sats: bigint;
      readonly siteId: string;
      /** Bitcoin transaction id (64 hex digits), when known. */
      readonly txId?: string;
    };

/** Key of a movement's posting in one unit: `treasury:<id>:sats` / `treasury:<id>:usd`. */
export function treasuryKey(id: string, unit: 'sats' | 'usd'): string {
  return `treasury:${id}:${unit}`;
}

/**
 * The postings of a treasury movement. A posting has one unit, so a sale is two linked postings
 * with the same movement id: `treasury:<id>:sats` (btc-sold / btc-treasury, sats) and
 * `treasury:<id>:usd` (cash-usd / btc-sale-proceeds, micro-USD), booked together. A transfer out is
 * btc-transferred-out / btc-treasury; a payout btc-treasury / pool-receivable, keyed like a payout
 * file line when it has a tx id (`payout:<tx>:<site>:<date>`), so importing that line later books
 * nothing twice.
 */
export function treasuryPostings(m: TreasuryMovement): Posting[] {
  const satsKey = treasuryKey(m.id, 'sats');
  const postings =
    m.kind === 'sale'
      ? [
          transfer(
            satsKey,
            m.date,
            'sats',
            'btc-sold',
            'btc-treasury',
            m.sats,
            `sale ${m.id}: ${m.sats} sats for ${m.usdCents} cents (with ${treasuryKey(m.id, 'usd')})${m.note ? `: ${m.note}` : ''}`,
          ),
          transfer(
            treasuryKey(m.id, 'usd'),
            m.date,
            'micro-usd',
            'cash-usd',
            'btc-sale-proceeds',
            m.usdCents * MICRO_USD_PER_CENT,
            `sale ${m.id}: proceeds of ${m.sats} sats (with ${satsKey})`,
          ),
        ]
      : m.kind === 'transfer-out'
        ? [
            transfer(
              satsKey,
              m.date,
              'sats',
              'btc-transferred-out',
              'btc-treasury',
              m.sats,
              `transfer out ${m.id} to ${m.destination}`,
            ),
          ]
        : [
            transfer(
              m.txId ? `payout:${m.txId.toLowerCase()}:${m.siteId}:${m.date}` : satsKey,
              m.date,
              'sats',
              'btc-treasury',
              'pool-receivable',
              m.sats,
              `payout ${m.siteId} ${m.date}${m.txId ? ` tx ${m.txId}` : ''}`,
            ),
          ];
  return postings.filter((p): p is Posting => p !== undefined);
}
