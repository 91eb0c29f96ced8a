import { describe, expect, it } from 'vitest';
import type { SwitchyardError } from '../errors/index.ts';
import type { ListPrices } from './list-prices.ts';
import { defaultPricingPolicy as policy, priceQuote } from './price-quote.ts';
import { opportunityFixture } from './testing-fixtures.ts';

const list: ListPrices = { 'on-demand': 249, reserved: 199, interruptible: 120, batch: 108 };
const NOW = Date.UTC(2026, 0, 1);

function errorOf(run: () => unknown): SwitchyardError {
  try {
    run();
  } catch (error) {
    return error as SwitchyardError;
  }
  throw new Error('expected an error');
}

describe('priceQuote', () => {
  it('quotes on-demand at list when list is above the floor; components sum to the rate', () => {
    const quote = priceQuote(list, opportunityFixture(0.05), { tier: 'on-demand', gpus: 8 }, policy, NOW);
    expect(quote.rateCentsPerGpuHour).toBe(249);
    expect(quote.components.map((c) => [c.name, c.centsPerGpuHour])).toEqual([
      ['energy', 5],
      ['mining-forgone', 0],
      ['margin', 1],
      ['market-premium', 243],
    ]);
    expect(quote.components.reduce((s, c) => s + c.centsPerGpuHour, 0)).toBe(249);
    expect(quote.expiresAtMs).toBe(NOW + 300_000);
  });

  it('raises the interruptible rate to the energy opportunity cost plus margin during a price spike', () => {
    // $1.20 of energy and $0.30 of mining margin forgone per GPU-hour: floor = 150 + 23 = 173 cents.
    const quote = priceQuote(
      list,
      opportunityFixture(1.2, 0.3),
      { tier: 'interruptible', gpus: 1 },
      policy,
      NOW,
    );
    expect(quote.rateCentsPerGpuHour).toBe(173);
    expect(quote.components.map((c) => c.name)).toEqual(['energy', 'mining-forgone', 'margin']);
    expect(quote.components.reduce((s, c) => s + c.centsPerGpuHour, 0)).toBe(173);
  });

  it('discounts reservations in proportion to the term up to the full-discount term', () => {
    const op = opportunityFixture(0.05);
    const rate = (termDays: number) =>
      priceQuote(list, op, { tier: 'reserved', gpus: 8, termDays }, policy, NOW).rateCentsPerGpuHour;
    expect(rate(30)).toBe(199);
    expect(rate(90)).toBe(199);
    expect(rate(15)).toBe(224);
    expect(priceQuote(list, op, { tier: 'reserved', gpus: 8, termDays: 7 }, policy, NOW).termHours).toBe(168);
  });

  it('names the field of an invalid tier, term, GPU count or batch term', () => {
    const op = opportunityFixture(0.05);
    const cases: [Parameters<typeof priceQuote>[2], string][] = [
      [{ tier: 'spot' as never, gpus: 1 }, 'tier'],
      [{ tier: 'on-demand', gpus: 0 }, 'gpus'],
      [{ tier: 'on-demand', gpus: 1.5 }, 'gpus'],
      [{ tier: 'reserved', gpus: 1 }, 'termDays'],
      [{ tier: 'reserved', gpus: 1, termDays: 400 }, 'termDays'],
      [{ tier: 'on-demand', gpus: 1, termDays: 3 }, 'termDays'],
      [{ tier: 'batch', gpus: 1 }, 'batch'],
      [
        {
          tier: 'batch',
          gpus: 2,
          batch: { gpuHours: 48, deadlineMs: NOW + 3_600_000, maxCentsPerGpuHour: 200 },
        },
        'batch.deadlineMs',
      ],
      [
        {
          tier: 'batch',
          gpus: 2,
          batch: { gpuHours: 0, deadlineMs: NOW + 86_400_000, maxCentsPerGpuHour: 200 },
        },
        'batch.gpuHours',
      ],
      [
        {
          tier: 'batch',
          gpus: 2,
          batch: { gpuHours: 4, deadlineMs: NOW + 86_400_000, maxCentsPerGpuHour: 50 },
        },
        'batch.maxCentsPerGpuHour',
      ],
    ];
    for (const [request, field] of cases) {
      const error = errorOf(() => priceQuote(list, op, request, policy, NOW));
      expect(error.code).toBe('SY_ERR_MARKET_TERM_INVALID');
      expect(error.details.field).toBe(field);
      expect(error.message.startsWith(`${field}: `)).toBe(true);
    }
  });

  it('prices a batch job at the batch list price when it is under the maximum', () => {
    const quote = priceQuote(
      list,
      opportunityFixture(0.05),
      {
        tier: 'batch',
        gpus: 4,
        batch: { gpuHours: 40, deadlineMs: NOW + 86_400_000, maxCentsPerGpuHour: 150 },
      },
      policy,
      NOW,
    );
    expect(quote.rateCentsPerGpuHour).toBe(108);
  });
});
