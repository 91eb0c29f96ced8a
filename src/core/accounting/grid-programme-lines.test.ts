import { describe, expect, it } from 'vitest';
import type { ProgrammeOutcome } from '../backtest/programme-outcome.ts';
import type { IntervalOutcome } from '../backtest/settle-interval.ts';
import { GridProgrammeCollector } from './grid-programme-lines.ts';
import { checkGridProgrammesAgainstLedger, gridProgrammePostings } from './grid-programme-postings.ts';
import { accountUnit, Ledger } from './ledger.ts';

function outcome(startIso: string, programmes: Partial<ProgrammeOutcome>): IntervalOutcome {
  return {
    startMs: Date.parse(startIso),
    programmes: {
      awardsMw: {},
      heldUpMw: 0,
      curtailableMw: 0,
      deployedMw: 0,
      deliveredMw: 0,
      sellBackMw: 0,
      sellBackUsd: 0,
      blockCostDeltaUsd: 0,
      ancillaryUsd: 0,
      ancillaryUsdByService: {},
      ersUsd: 0,
      conservationUsd: 0,
      fourCpPaidUsd: 0,
      fourCpAvoidedUsd: 0,
      ...programmes,
    },
  } as unknown as IntervalOutcome;
}

const lastDay = (month: string) => `${month}-31`;

describe('grid-programme lines in the books', () => {
  const collector = new GridProgrammeCollector('lp', 60);
  collector.interval(
    'lp',
    'tx',
    outcome('2023-08-10T21:00:00Z', {
      sellBackUsd: 1000.1234567,
      ancillaryUsd: 300.5,
      ancillaryUsdByService: { rrs: 100.25, ecrs: 200.25 },
      ersUsd: 70,
      fourCpPaidUsd: 16_500,
      fourCpAvoidedUsd: 1_419_000,
      deployedMw: 10,
      deliveredMw: 10,
    }),
  );
  collector.interval(
    'lp',
    'tx',
    outcome('2023-08-10T22:00:00Z', { sellBackUsd: 0.0000005, conservationUsd: 5 }),
  );
  collector.interval('other', 'tx', outcome('2023-08-10T22:00:00Z', { sellBackUsd: 1e9 }));
  const lines = collector.results();

  it('sums each line per site and UTC month once, in exact micro-USD (half-even)', () => {
    expect(lines).toHaveLength(1);
    const l = lines[0]!;
    expect(l.month).toBe('2023-08');
    expect(l.sellBackMicroUsd).toBe(1_000_123_457n);
    expect(l.ancillaryByService).toEqual({ ecrs: 200_250_000n, rrs: 100_250_000n });
    expect(l.ancillaryMicroUsd).toBe(300_500_000n);
    expect(l.drMicroUsd).toBe(75_000_000n);
    expect(l.fourCpPaidMicroUsd).toBe(16_500_000_000n);
    expect(l.fourCpAvoidedMicroUsd).toBe(1_419_000_000_000n);
    expect(l.deliveredWh).toBe(10_000_000n);
  });

  it('books each line to its named account; the ledger agrees with the lines', () => {
    const ledger = new Ledger();
    ledger.postAll(gridProgrammePostings(lines, lastDay));
    expect(ledger.creditBalance('power-credits:tx', '2023-08')).toBe(1_000_123_457n);
    expect(ledger.creditBalance('ancillary-revenue:tx:rrs', '2023-08')).toBe(100_250_000n);
    expect(ledger.creditBalance('ancillary-revenue:tx:ecrs', '2023-08')).toBe(200_250_000n);
    expect(ledger.creditBalance('dr-programme-credits:tx', '2023-08')).toBe(75_000_000n);
    expect(ledger.balance('transmission-4cp:tx', '2023-08')).toBe(16_500_000_000n);
    expect(ledger.trialBalance('micro-usd')).toBe(0n);
    expect(checkGridProgrammesAgainstLedger(lines, '2023-08', ledger)).toEqual([]);
    // Posting again books nothing.
    expect(ledger.postAll(gridProgrammePostings(lines, lastDay)).booked).toBe(0);
  });

  it('names a line the ledger does not hold', () => {
    const ledger = new Ledger();
    ledger.postAll(gridProgrammePostings(lines, lastDay).filter((p) => !p.key.endsWith(':4cp')));
    expect(checkGridProgrammesAgainstLedger(lines, '2023-08', ledger)).toEqual([
      'tx 4CP charge: report 16500000000, ledger 0',
    ]);
  });

  it('knows the new accounts and their unit', () => {
    expect(accountUnit('power-credits:tx')).toBe('micro-usd');
    expect(accountUnit('ancillary-revenue:tx:rrs')).toBe('micro-usd');
    expect(accountUnit('transmission-4cp:tx')).toBe('micro-usd');
    expect(accountUnit('dr-programme-credits:tx')).toBe('micro-usd');
    expect(accountUnit('ancillary-revenue:tx')).toBeUndefined();
  });
});
