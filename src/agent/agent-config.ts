import { z } from 'zod';
import { isValidSiteId } from '../adapters/broker/index.ts';
import { ConfigError } from '../core/errors/index.ts';
import { formatPath } from '../core/fleet/parse-fleet.ts';
import { FALLBACK_RULES, type FallbackSettings } from './fallback-rule.ts';

const positiveInt = z.int().positive();

const breakevenSchema = z.object({
  hashpriceUsdPerThDay: z.number().positive(),
  localPriceUsdPerMwh: z.number().nonnegative(),
  poolFeePercent: z.number().min(0).max(100).default(2),
  pue: z.number().min(1).max(3).default(1.05),
});

/** The agent's settings, checked once at startup (style rule 10). Units in the names. */
export const agentConfigSchema = z
  .object({
    siteId: z.string().refine(isValidSiteId, 'is not a valid site id (a-z, 0-9, -, _; at most 64)'),
    /** Between two polls (snapshot, telemetry, decide, write), ms. */
    pollIntervalMs: positiveInt.default(60_000),
    /** Device reads in flight at once. */
    readConcurrency: positiveInt.default(256),
    /** Budget of one device read; a slower device counts as down for that poll, ms. */
    readTimeoutMs: positiveInt.default(15_000),
    /**
     * Share of the poll period a poll's miner reads are spread over, for a site with more miners than
     * `readConcurrency` (paced-reads.ts); 0 reads them in one burst.
     */
    readSpreadShare: z.number().min(0).max(0.9).default(0.5),
    /** Commands in flight at once (a wave of sleeps goes out this wide). */
    commandConcurrency: positiveInt.default(256),
    /** Budget of one command including its read-back verification, ms. */
    commandTimeoutMs: positiveInt.default(90_000),
    /** Curtailment (emergency path): read-back rounds after the sleeps, re-sending to miners not asleep. */
    curtailReadBacks: positiveInt.default(5),
    /** Curtailment: pause before each read-back round, ms. */
    curtailReadBackMs: positiveInt.default(1_000),
    /** Closed-loop site power (with a site meter): share of the setpoint the meter may be off. */
    meterTolerance: z.number().positive().max(0.5).default(0.02),
    /** Closed-loop site power: share of the meter's error corrected per poll. */
    meterGain: z.number().positive().max(1).default(0.8),
    /** Wakes and power-target raises per wave. */
    waveSize: positiveInt.default(20),
    /** Pause between waves, ms. */
    waveSpacingMs: z.int().nonnegative().default(10_000),
    /** How long after a wake a miner that shows no hashrate yet counts as warming up, ms. */
    warmUpMs: z.int().nonnegative().default(300_000),
    /** See MinerUnit.underclockEfficiencyExponent; the fleet file's default. */
    underclockEfficiencyExponent: z.number().min(0).max(1).default(0.3),
    /** Readings per telemetry message; bigger sites send a poll in parts. */
    maxReadingsPerBatch: positiveInt.default(10_000),
    fallback: z
      .object({
        rule: z.enum(FALLBACK_RULES as [string, ...string[]]),
        breakeven: breakevenSchema.optional(),
      })
      .refine((value) => value.rule !== 'breakeven' || value.breakeven !== undefined, {
        message: 'the breakeven rule needs hashpriceUsdPerThDay and localPriceUsdPerMwh',
        path: ['breakeven'],
      })
      .default({ rule: 'hold-last' }),
  })
  .strict();

export type AgentConfigInput = z.input<typeof agentConfigSchema>;

export interface AgentConfig {
  readonly siteId: string;
  readonly pollIntervalMs: number;
  readonly readConcurrency: number;
  readonly readTimeoutMs: number;
  readonly readSpreadShare: number;
  readonly commandConcurrency: number;
  readonly commandTimeoutMs: number;
  readonly curtailReadBacks: number;
  readonly curtailReadBackMs: number;
  readonly meterTolerance: number;
  readonly meterGain: number;
  readonly waveSize: number;
  readonly waveSpacingMs: number;
  readonly warmUpMs: number;
  readonly underclockEfficiencyExponent: number;
  readonly maxReadingsPerBatch: number;
  readonly fallback: FallbackSettings;
}

/** Validates and freezes the agent's settings; throws ConfigError (SY_ERR_CONFIG_INVALID) listing every problem. */
export function agentConfig(input: AgentConfigInput, source = 'agent settings'): AgentConfig {
  const result = agentConfigSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      source,
      result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    );
  }
  const value = result.data;
  return Object.freeze({
    ...value,
    fallback: Object.freeze({
      rule: value.fallback.rule as FallbackSettings['rule'],
      ...(value.fallback.breakeven ? { breakeven: Object.freeze({ ...value.fallback.breakeven }) } : {}),
    }),
  });
}
