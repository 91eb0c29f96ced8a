import { z } from 'zod';
import { currency, fraction, money, nonNegative, positive } from './schema-primitives.ts';

/**
 * The contracts and grid programmes that pay a curtailable load (ERCOT terms): a fixed-price block
 * with sell-back, ancillary services offered as a load resource, the 4CP transmission charge with the
 * site's peak-avoidance policy, and demand-response / emergency programmes. Documented in docs/DATA.md.
 */
const probability = fraction;
const localHour = z.number().int().gte(0, 'must be >= 0').lte(23, 'must be <= 23');
const localHourEnd = z.number().int().gte(1, 'must be >= 1').lte(24, 'must be <= 24');

export const ancillaryServices = ['rrs', 'ecrs', 'non-spin', 'reg-up', 'reg-down'] as const;
export type AncillaryService = (typeof ancillaryServices)[number];

/**
 * Longest time a load resource may take to deliver each service once deployed, seconds (ERCOT Nodal
 * Protocols 3.18 / 8.1.1): RRS from a load resource is an under-frequency relay trip within 30
 * cycles; ECRS 10 minutes; Non-Spin 30 minutes; Regulation follows 4-second AGC signals.
 */
export const serviceResponseLimitSeconds: Readonly<Record<AncillaryService, number>> = {
  rrs: 0.5,
  ecrs: 600,
  'non-spin': 1800,
  'reg-up': 5,
  'reg-down': 5,
};

/** Services that reduce load when deployed (reg-down raises it). */
export const loadReducingServices: ReadonlySet<AncillaryService> = new Set([
  'rrs',
  'ecrs',
  'non-spin',
  'reg-up',
]);

const fixedPriceBlock = z
  .object({
    /** MW bought every hour at the fixed price, used or not. */
    blockMw: positive,
    /** Fixed price per MWh of the block. */
    pricePerMwh: money,
    currency: currency.optional(),
  })
  .strict();

const ancillaryOffer = z
  .object({
    service: z.enum(ancillaryServices),
    /** Largest capacity the site may offer in an hour, MW. */
    maxMw: positive,
    /** Time the site needs to reduce (or, for reg-down, raise) load by the award once deployed, seconds. */
    responseSeconds: positive,
  })
  .strict()
  .superRefine((offer, ctx) => {
    const limit = serviceResponseLimitSeconds[offer.service];
    if (offer.responseSeconds > limit) {
      ctx.addIssue({
        code: 'custom',
        path: ['responseSeconds'],
        message: `${offer.service} must be delivered within ${limit} s; a ${offer.responseSeconds} s response cannot carry it`,
      });
    }
  });

const ancillary = z
  .object({
    /** Qualified as a Controllable Load Resource: required for Regulation (reg-up, reg-down). */
    controllableLoadResource: z.boolean().default(false),
    services: z.array(ancillaryOffer).min(1, 'must list at least one service'),
  })
  .strict()
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.services.forEach((offer, index) => {
      if (seen.has(offer.service))
        ctx.addIssue({
          code: 'custom',
          path: ['services', index, 'service'],
          message: `duplicate service "${offer.service}"`,
        });
      seen.add(offer.service);
      if (offer.service.startsWith('reg-') && !value.controllableLoadResource)
        ctx.addIssue({
          code: 'custom',
          path: ['services', index, 'service'],
          message: `${offer.service} is only allowed for a controllable load resource (set controllableLoadResource: true)`,
        });
    });
  });

const hourWindow = z
  .object({ fromHour: localHour, toHour: localHourEnd })
  .strict()
  .refine((w) => w.toHour > w.fromHour, { message: 'must be after fromHour', path: ['toHour'] });

const fourCp = z
  .object({
    /**
     * Transmission charge per kW of the site's average load in the four monthly system peaks,
     * billed every month of the following year, USD.
     */
    usdPerKwMonth: positive,
    /** Months (1-12) whose system peak counts; ERCOT: June to September. */
    months: z.array(z.number().int().gte(1).lte(12)).min(1).default([6, 7, 8, 9]),
    /** The site's peak-avoidance policy: local hours it watches and the probability at which it curtails. */
    policy: z
      .object({
        hours: hourWindow.default({ fromHour: 14, toHour: 20 }),
        probabilityThreshold: probability.default(0.1),
      })
      .strict()
      .default({ hours: { fromHour: 14, toHour: 20 }, probabilityThreshold: 0.1 }),
  })
  .strict();

const emergencyResponse = z
  .object({
    /** ERS standby capacity the site is contracted for, MW of load reduction. */
    standbyMw: positive,
    /** Standby payment per MW per hour of the contracted time periods, USD. */
    usdPerMwHour: nonNegative,
    /** ERS-10 or ERS-30: minutes to reach the reduction once deployed. */
    rampMinutes: z.union([z.literal(10), z.literal(30)]),
    /** Local hours of the contract's time periods (all hours when omitted). */
    hours: hourWindow.optional(),
  })
  .strict();

const voluntaryConservation = z
  .object({
    /** Credit per MWh of load reduced below the baseline during a conservation appeal, USD. */
    creditUsdPerMwh: positive,
  })
  .strict();

export const gridProgrammesSchema = z
  .object({
    fixedPriceBlock: fixedPriceBlock.optional(),
    ancillary: ancillary.optional(),
    fourCp: fourCp.optional(),
    emergencyResponse: emergencyResponse.optional(),
    voluntaryConservation: voluntaryConservation.optional(),
  })
  .strict();

export type GridProgrammes = z.output<typeof gridProgrammesSchema>;
export type AncillaryOffer = z.output<typeof ancillaryOffer>;
export type FourCpProgramme = z.output<typeof fourCp>;
export type EmergencyResponseProgramme = z.output<typeof emergencyResponse>;

interface SiteShape {
  readonly grid: { readonly importMw: number };
  readonly supply: readonly { readonly kind: string }[];
  readonly gridProgrammes?: GridProgrammes;
}

/** Checks between the programmes and the rest of the site (the settlement point, the grid connection). */
export function checkGridProgrammes(site: SiteShape, ctx: z.RefinementCtx): void {
  const programmes = site.gridProgrammes;
  if (!programmes) return;
  const hasMarket = site.supply.some((s) => s.kind === 'market');
  const needsMarket: Array<[string, unknown]> = [
    ['fixedPriceBlock', programmes.fixedPriceBlock],
    ['ancillary', programmes.ancillary],
  ];
  for (const [name, value] of needsMarket) {
    if (value !== undefined && !hasMarket)
      ctx.addIssue({
        code: 'custom',
        path: ['gridProgrammes', name],
        message: 'needs a market tariff in supply (its series is the settlement point prices settle at)',
      });
  }
  const block = programmes.fixedPriceBlock;
  if (block && block.blockMw > site.grid.importMw)
    ctx.addIssue({
      code: 'custom',
      path: ['gridProgrammes', 'fixedPriceBlock', 'blockMw'],
      message: `must be <= grid.importMw (${site.grid.importMw})`,
    });
  programmes.ancillary?.services.forEach((offer, index) => {
    if (offer.maxMw > site.grid.importMw)
      ctx.addIssue({
        code: 'custom',
        path: ['gridProgrammes', 'ancillary', 'services', index, 'maxMw'],
        message: `must be <= grid.importMw (${site.grid.importMw}): a load cannot offer more than it can draw`,
      });
  });
  const ers = programmes.emergencyResponse;
  if (ers && ers.standbyMw > site.grid.importMw)
    ctx.addIssue({
      code: 'custom',
      path: ['gridProgrammes', 'emergencyResponse', 'standbyMw'],
      message: `must be <= grid.importMw (${site.grid.importMw})`,
    });
}

/** Currency fields of the programmes, for the fleet's currency check. */
export function gridProgrammeCurrencies(site: SiteShape): Array<[(string | number)[], string]> {
  const block = site.gridProgrammes?.fixedPriceBlock;
  return block?.currency ? [[['gridProgrammes', 'fixedPriceBlock', 'currency'], block.currency]] : [];
}
