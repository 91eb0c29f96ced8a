import { type Static, Type } from 'typebox';
import type { ManualPrice } from '../../core/ports/manual-price-repository.ts';
import type { SameShape } from './same-shape.ts';

export const ManualPriceKindContract = Type.Union([
  Type.Literal('price'),
  Type.Literal('fixed-window'),
  Type.Literal('tariff-override'),
]);

/** A manual price as stored: the desk's price on a series, or a site's tariff override. */
export const ManualPriceContract = Type.Object({
  id: Type.String(),
  kind: ManualPriceKindContract,
  seriesId: Type.Optional(Type.String()),
  siteId: Type.Optional(Type.String()),
  /** Exact decimal, USD per MWh. */
  usdPerMwh: Type.String(),
  fromMs: Type.Number(),
  expiresAtMs: Type.Number(),
  note: Type.String(),
  enteredBy: Type.String(),
  enteredAtMs: Type.Number(),
  removedAtMs: Type.Optional(Type.Number()),
});
export type ManualPriceView = Static<typeof ManualPriceContract>;

export const ManualPriceListContract = Type.Object({
  nowMs: Type.Number(),
  /** Entries neither expired nor withdrawn, by entry time. */
  entries: Type.Array(ManualPriceContract),
});
export type ManualPriceList = Static<typeof ManualPriceListContract>;

export const pinned: [SameShape<Static<typeof ManualPriceContract>, ManualPrice>] = [true];
