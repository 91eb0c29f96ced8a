import { type Static, Type } from 'typebox';
import { List } from './list.ts';

/** An exact integer amount in its unit (a bigint as a decimal string). */
export const ExactAmount = Type.String({ pattern: '^-?\\d+$', description: 'exact integer in the unit' });

export const MovementResultContract = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('sale'), Type.Literal('transfer-out'), Type.Literal('payout')]),
  date: Type.String(),
  /** `booked`, or `duplicate` when the same movement was entered before (nothing booked again). */
  result: Type.Union([Type.Literal('booked'), Type.Literal('duplicate')]),
  keys: List(Type.String()),
  /** The treasury after the movement's day, sats. */
  balanceSats: ExactAmount,
});
export type MovementResult = Static<typeof MovementResultContract>;

/** The treasury at the end of a UTC day, with what left it in sales and transfers. */
export const TreasuryBalanceContract = Type.Object({
  at: Type.String(),
  balanceSats: ExactAmount,
  balanceBtc: Type.String({ description: 'the balance in BTC, exact, as a decimal string' }),
  soldSats: ExactAmount,
  transferredOutSats: ExactAmount,
  saleProceedsMicroUsd: ExactAmount,
});
export type TreasuryBalance = Static<typeof TreasuryBalanceContract>;

export const TreasuryHistoryContract = Type.Object({
  from: Type.String(),
  to: Type.String(),
  days: List(Type.Object({ date: Type.String(), balanceSats: ExactAmount, changeSats: ExactAmount })),
});
export type TreasuryHistory = Static<typeof TreasuryHistoryContract>;

/** Ledger balances by account over a period (date prefix) and account prefix. */
export const LedgerBalancesContract = Type.Object({
  period: Type.Union([Type.String(), Type.Null()]),
  prefix: Type.Union([Type.String(), Type.Null()]),
  balances: List(
    Type.Object({
      account: Type.String(),
      unit: Type.Union([Type.Literal('sats'), Type.Literal('micro-usd'), Type.Null()]),
      balance: ExactAmount,
    }),
  ),
  totals: Type.Object({ sats: ExactAmount, 'micro-usd': ExactAmount }),
});
