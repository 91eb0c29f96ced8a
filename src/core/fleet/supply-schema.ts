import { z } from 'zod';
import { currency, fraction, money, positive } from './schema-primitives.ts';

/** Where a site's energy comes from: fixed price, time of use, the market, a PPA, its own solar or wind. */
const fixedSupply = z
  .object({ kind: z.literal('fixed'), pricePerMwh: money, currency: currency.optional() })
  .strict();

const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const touPeriod = z
  .object({
    /** Local days the period applies to; all days when omitted. */
    days: z.array(weekday).min(1).optional(),
    /** Local hour the period starts (inclusive), 0-23. */
    fromHour: z.number().int().gte(0).lte(23),
    /** Local hour the period ends (exclusive), 1-24. */
    toHour: z.number().int().gte(1).lte(24),
    pricePerMwh: money,
  })
  .strict()
  .refine((period) => period.toHour > period.fromHour, {
    message: 'must be after fromHour',
    path: ['toHour'],
  });
const timeOfUseSupply = z
  .object({
    kind: z.literal('time-of-use'),
    currency: currency.optional(),
    /** Price outside every period. */
    basePricePerMwh: money,
    periods: z.array(touPeriod).min(1),
  })
  .strict();

const marketSupply = z
  .object({
    kind: z.literal('market'),
    /** Real-time price series in the data directory, e.g. `ercot_rt_hb_west`. */
    series: z.string().min(1),
    /** Currency of the series; defaults to the series' own currency from the data. */
    currency: currency.optional(),
    /** Added to every market price (transmission, fees), in the same currency, per MWh. */
    adderPerMwh: money.default(0),
    /** Day-ahead series for the same node, if the market has one (used by the day-ahead forecaster). */
    dayAheadSeries: z.string().min(1).optional(),
  })
  .strict();

const ppaSupply = z
  .object({
    kind: z.literal('ppa'),
    /** Fixed block delivered every hour, MW; paid for whether used or not (take-or-pay). */
    blockMw: positive,
    pricePerMwh: money,
    currency: currency.optional(),
  })
  .strict();

const solarSupply = z
  .object({
    kind: z.literal('solar'),
    /** DC nameplate, MW. */
    capacityMw: positive,
    /** Weather file id in the data directory's renewables folder. */
    weather: z.string().min(1),
    /** System derate (losses), 0-1. */
    derate: fraction.default(0.86),
  })
  .strict();

const windSupply = z
  .object({
    kind: z.literal('wind'),
    capacityMw: positive,
    /** Hub-height wind file id in the data directory's renewables folder. */
    wind: z.string().min(1),
    hubHeightM: positive.default(100),
  })
  .strict();

export const supply = z.discriminatedUnion('kind', [
  fixedSupply,
  timeOfUseSupply,
  marketSupply,
  ppaSupply,
  solarSupply,
  windSupply,
]);
