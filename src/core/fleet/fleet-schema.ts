import { z } from 'zod';
import { MAX_NAME_LENGTH } from '../edge/index.ts';
import { POOL_NAMES } from '../pools/pool-credit.ts';
import {
  checkGridProgrammes,
  gridProgrammeCurrencies,
  gridProgrammesSchema,
} from './grid-programmes-schema.ts';
import {
  currency,
  fraction,
  id,
  isoInstant,
  money,
  nonNegative,
  positive,
  siteId,
  timeZone,
} from './schema-primitives.ts';
import { supply } from './supply-schema.ts';

/**
 * The fleet file: every site, its grid connection, energy supply, battery, miners and GPUs.
 * Validated once at the edge; everything inward receives the typed, frozen `Fleet`.
 * Prices carry an explicit currency (default: the fleet's base currency); `currencies` gives
 * the value of one unit of each currency in USD.
 */
const grid = z
  .object({
    /** Largest import from the grid, MW. */
    importMw: nonNegative,
    /** Largest export to the grid, MW; 0 or absent means no export. */
    exportMw: nonNegative.default(0),
    /** Export price for sites without a market tariff, per MWh. */
    exportPricePerMwh: money.optional(),
    exportCurrency: currency.optional(),
  })
  .strict();

const battery = z
  .object({
    capacityMwh: positive,
    chargeMw: positive,
    dischargeMw: positive,
    /** Round-trip efficiency, 0-1 (split evenly between charge and discharge). */
    roundTripEfficiency: fraction.refine((value) => value > 0, 'must be > 0'),
    /** State-of-charge limits as fractions of capacity. */
    socMin: fraction.default(0.1),
    socMax: fraction.default(0.9),
    /** State of charge at the start of a plan or backtest, fraction; defaults to socMin. */
    initialSoc: fraction.optional(),
    /** Degradation cost per MWh discharged. */
    cycleCostPerMwh: nonNegative.default(0),
    currency: currency.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.socMin >= value.socMax) {
      ctx.addIssue({ code: 'custom', path: ['socMax'], message: `must be > socMin (${value.socMin})` });
    }
    if (
      value.initialSoc !== undefined &&
      (value.initialSoc < value.socMin || value.initialSoc > value.socMax)
    ) {
      ctx.addIssue({ code: 'custom', path: ['initialSoc'], message: 'must lie between socMin and socMax' });
    }
  });

/** Firmware dialects the site agent speaks; only some accept a power target. */
export const firmwareDialects = [
  'antminer-stock',
  'braiins-os',
  'luxos',
  'vnish',
  'whatsminer',
  'avalon',
] as const;
export const powerTargetFirmware: ReadonlySet<string> = new Set([
  'braiins-os',
  'luxos',
  'vnish',
  'whatsminer',
]);

const minerGroup = z
  .object({
    id,
    /** Model name as in the miner-models reference file, e.g. `Antminer S19j Pro`. */
    model: z.string().min(1),
    count: z.number().int().gt(0, 'must be > 0'),
    firmware: z.enum(firmwareDialects),
    /** Per-machine power-target range, W; only for firmware that supports power targets. */
    powerTargetW: z
      .object({ minW: positive, maxW: positive })
      .strict()
      .refine((range) => range.maxW > range.minW, { message: 'must be > minW', path: ['maxW'] })
      .optional(),
    /**
     * How efficiency improves when underclocked: J/TH scales with (power / nameplate power)^exponent.
     * 0 means no gain; typical Bitmain/MicroBT boards sit near 0.3.
     */
    underclockEfficiencyExponent: fraction.default(0.3),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.powerTargetW && !powerTargetFirmware.has(value.firmware)) {
      ctx.addIssue({
        code: 'custom',
        path: ['powerTargetW'],
        message: `firmware ${value.firmware} does not support power targets (use one of ${[...powerTargetFirmware].join(', ')})`,
      });
    }
  });

const gpuNodeGroup = z
  .object({
    id,
    /** GPU model, e.g. `H100 SXM`. */
    model: z.string().min(1),
    /** Number of GPUs. */
    count: z.number().int().gt(0, 'must be > 0'),
    wattsPerGpu: positive,
    idleWattsPerGpu: nonNegative,
    /** GPUs per node (default 8): leases take whole GPUs, placed on as few nodes as fit. */
    gpusPerNode: z.number().int().gt(0, 'must be > 0').optional(),
    /** Notice an interruptible lease gets before preemption at this hub, seconds (default 120). */
    preemptNoticeSeconds: z.number().int().gte(0).lte(3600).optional(),
  })
  .strict()
  .refine((value) => value.idleWattsPerGpu < value.wattsPerGpu, {
    message: 'must be < wattsPerGpu',
    path: ['idleWattsPerGpu'],
  });

const demandResponseEvent = z
  .object({
    id,
    from: isoInstant,
    to: isoInstant,
    /** Largest grid import allowed during the event, MW. */
    maxImportMw: nonNegative,
    /**
     * Demand-response credit the utility pays per MWh of mining load curtailed during the event, USD
     * (the monthly report books it to `dr-credits`); no credit when absent.
     */
    creditUsdPerMwh: nonNegative.optional(),
  })
  .strict()
  .refine(
    (value) =>
      Number.isNaN(Date.parse(value.from)) ||
      Number.isNaN(Date.parse(value.to)) ||
      Date.parse(value.to) > Date.parse(value.from),
    {
      message: 'must be after from',
      path: ['to'],
    },
  );

const site = z
  .object({
    id: siteId,
    name: z.string().min(1).max(MAX_NAME_LENGTH),
    region: z.string().min(1).max(MAX_NAME_LENGTH),
    /** ISO 3166-1 alpha-2. */
    country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 two-letter code such as US'),
    timeZone,
    coordinates: z.object({ lat: z.number().gte(-90).lte(90), lon: z.number().gte(-180).lte(180) }).strict(),
    /** Default currency of this site's prices. */
    currency: currency.optional(),
    grid,
    supply: z.array(supply).min(1, 'must list at least one energy supply'),
    demandCharge: z.object({ perMwMonth: nonNegative, currency: currency.optional() }).strict().optional(),
    /** Power usage effectiveness: facility power / IT power, >= 1. */
    pue: z.number().finite().gte(1, 'must be >= 1').lte(3, 'must be <= 3').default(1.05),
    /** Largest change of total mining power from one interval to the next, MW. */
    rampMwPerInterval: positive.optional(),
    battery: battery.optional(),
    minerGroups: z.array(minerGroup).default([]),
    gpuNodes: z.array(gpuNodeGroup).default([]),
    pool: z
      .object({
        name: z.string().min(1),
        feePercent: z.number().gte(0).lte(10),
        /** Payout scheme (default `fpps`): FPPS pays expected blocks, PPLNS a share of the blocks found. */
        scheme: z.enum(['fpps', 'pplns']).optional(),
        /** PPLNS: the pool's share of the network hashrate, percent (see core/accounting/pplns-production.ts). */
        hashrateSharePercent: z.number().finite().gt(0, 'must be > 0').lte(100, 'must be <= 100').optional(),
        /** Pool accounts (sub-accounts, payout addresses) whose daily credits are this site's (docs/DATA.md). */
        accounts: z
          .array(z.object({ pool: z.enum(POOL_NAMES), account: z.string().min(1) }).strict())
          .optional(),
      })
      .strict(),
    demandResponse: z.array(demandResponseEvent).default([]),
    /** Contracts and grid programmes that pay a curtailable load (grid-programmes-schema.ts). */
    gridProgrammes: gridProgrammesSchema.optional(),
    /**
     * What the live loop does when it cannot plan the site (no usable price, a solver failure): hold
     * the last setpoint `holdMinutes` (default 60), then (`afterHold`) `breakeven` on the last known price (default)
     * or `sleep`. See docs/DATA.md.
     */
    failurePolicy: z
      .object({
        holdMinutes: z.number().finite().gte(0, 'must be >= 0').default(60),
        afterHold: z.enum(['breakeven', 'sleep']).default('breakeven'),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    checkGridProgrammes(value, ctx);
    const gridTariffs = value.supply.filter(
      (s) => s.kind === 'fixed' || s.kind === 'time-of-use' || s.kind === 'market',
    );
    if (gridTariffs.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['supply'],
        message: 'must have at most one grid tariff (fixed, time-of-use or market)',
      });
    }
    if (value.grid.importMw > 0 && gridTariffs.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['grid', 'importMw'],
        message: 'grid import needs a grid tariff (fixed, time-of-use or market) in supply',
      });
    }
    const hasMarket = gridTariffs.some((s) => s.kind === 'market');
    if (value.grid.exportMw > 0 && !hasMarket && value.grid.exportPricePerMwh === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['grid', 'exportPricePerMwh'],
        message: 'is required when exportMw > 0 and the site has no market tariff',
      });
    }
    if (value.minerGroups.length === 0 && value.gpuNodes.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['minerGroups'], message: 'a site needs miners or GPU nodes' });
    }
    flagDuplicates(
      value.minerGroups.map((g) => g.id),
      ['minerGroups'],
      ctx,
    );
    flagDuplicates(
      value.gpuNodes.map((g) => g.id),
      ['gpuNodes'],
      ctx,
    );
    flagDuplicates(
      value.demandResponse.map((e) => e.id),
      ['demandResponse'],
      ctx,
    );
  });

export const fleetSchema = z
  .object({
    version: z.literal(1),
    /** Base currency every figure is reported in. */
    baseCurrency: z.literal('USD').default('USD'),
    /** Value of one unit of each currency in USD, e.g. `{ CAD: 0.73 }`. USD is always 1. */
    currencies: z.record(currency, positive).default({}),
    sites: z
      .array(site)
      .min(1, 'must list at least one site')
      // Runs even when a site fails to parse, so duplicates are reported alongside other mistakes.
      .superRefine((sites, ctx) => flagDuplicates(sites.map(idOf), [], ctx), {
        when: (payload) => Array.isArray(payload.value),
      }),
  })
  .strict()
  .superRefine((value, ctx) => {
    const known = new Set(['USD', ...Object.keys(value.currencies)]);
    value.sites.forEach((s, index) => {
      for (const [path, code] of currenciesUsed(s)) {
        if (/^[A-Z]{3}$/.test(code) && !known.has(code)) {
          ctx.addIssue({
            code: 'custom',
            path: ['sites', index, ...path],
            message: `currency ${code} has no rate in currencies (known: ${[...known].join(', ')})`,
          });
        }
      }
    });
  });

export type FleetInput = z.input<typeof fleetSchema>;
export type Fleet = z.output<typeof fleetSchema>;
export type Site = Fleet['sites'][number];
export type Supply = Site['supply'][number];
export type MinerGroup = Site['minerGroups'][number];
export type GpuNodeGroup = Site['gpuNodes'][number];
export type Battery = NonNullable<Site['battery']>;
export type DemandResponseEvent = Site['demandResponse'][number];

function currenciesUsed(s: z.output<typeof site>): Array<[(string | number)[], string]> {
  const used: Array<[(string | number)[], string]> = [];
  if (s.currency) used.push([['currency'], s.currency]);
  s.supply.forEach((entry, index) => {
    if ('currency' in entry && entry.currency) used.push([['supply', index, 'currency'], entry.currency]);
  });
  if (s.grid.exportCurrency) used.push([['grid', 'exportCurrency'], s.grid.exportCurrency]);
  if (s.battery?.currency) used.push([['battery', 'currency'], s.battery.currency]);
  if (s.demandCharge?.currency) used.push([['demandCharge', 'currency'], s.demandCharge.currency]);
  used.push(...gridProgrammeCurrencies(s));
  return used;
}

function idOf(entry: unknown): string | undefined {
  const value = (entry as { id?: unknown } | null)?.id;
  return typeof value === 'string' ? value : undefined;
}

function flagDuplicates(ids: (string | undefined)[], path: (string | number)[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  ids.forEach((value, index) => {
    if (value === undefined) return;
    if (seen.has(value))
      ctx.addIssue({ code: 'custom', path: [...path, index, 'id'], message: `duplicate id "${value}"` });
    seen.add(value);
  });
}
