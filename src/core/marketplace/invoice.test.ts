import { describe, expect, it } from 'vitest';
import { monthRange } from '../time/calendar.ts';
import { buildInvoice, chargeCents } from './invoice.ts';
import type { MeterSegment } from './marketplace-types.ts';
import { leaseFixture } from './testing-fixtures.ts';

const NOV = monthRange('2026-11');
const segment = (over: Partial<MeterSegment>): MeterSegment => ({
  leaseId: 'lease-1',
  seq: 1,
  state: 'running',
  fromMs: NOV.fromMs,
  toMs: NOV.fromMs,
  gpus: 8,
  energyWh: 0,
  greenWh: 0,
  ...over,
});

describe('chargeCents', () => {
  it('rounds half up exactly', () => {
    expect(chargeCents(3600, 249)).toBe(249);
    expect(chargeCents(1, 1800)).toBe(1); // 0.5 cents -> 1
    expect(chargeCents(1, 1799)).toBe(0); // 0.4997 -> 0
    expect(chargeCents(8 * 5025, 249)).toBe(2781); // 40,200 GPU-s x 249 / 3600 = 2780.5 -> 2781
  });
});

describe('buildInvoice', () => {
  it('bills metered whole seconds x GPUs x the quoted rate, to the cent', () => {
    const lease = leaseFixture({ tier: 'on-demand', gpus: 8, rateCentsPerGpuHour: 249 });
    // 1 h 23 min 45.9 s of running: 5,025 whole seconds x 8 GPUs.
    const seg = segment({
      fromMs: NOV.fromMs + 1000,
      toMs: NOV.fromMs + 1000 + 5_025_900,
      energyWh: 5600,
      greenWh: 1400,
    });
    const invoice = buildInvoice({
      id: 'inv',
      tenantId: 'acme',
      month: '2026-11',
      leases: [lease],
      segments: [seg],
      untilMs: NOV.toMs,
      issuedAtMs: NOV.toMs,
    });
    expect(invoice.lines).toEqual([
      expect.objectContaining({
        leaseId: 'lease-1',
        state: 'running',
        gpuSeconds: 40_200,
        amountCents: 2781,
      }),
    ]);
    expect(invoice.totalCents).toBe(2781);
    expect(invoice.energyWh).toBe(5600);
    expect(invoice.greenWh).toBe(1400);
  });

  it('names each billable state on its own line and clips to the month', () => {
    const lease = leaseFixture({ tier: 'interruptible', gpus: 2, rateCentsPerGpuHour: 120 });
    const invoice = buildInvoice({
      id: 'inv',
      tenantId: 'acme',
      month: '2026-11',
      leases: [lease],
      segments: [
        segment({ seq: 1, gpus: 2, fromMs: NOV.fromMs - 3_600_000, toMs: NOV.fromMs + 3_600_000 }),
        segment({
          seq: 2,
          gpus: 2,
          state: 'preempting',
          fromMs: NOV.fromMs + 3_600_000,
          toMs: NOV.fromMs + 3_720_000,
        }),
      ],
      untilMs: NOV.toMs,
      issuedAtMs: 0,
    });
    expect(invoice.lines.map((l) => [l.state, l.gpuSeconds, l.amountCents])).toEqual([
      ['running', 7200, 240],
      ['preempting', 240, 8],
    ]);
  });

  it('does not charge a batch job that missed its deadline, and says why', () => {
    const lease = leaseFixture({
      tier: 'batch',
      gpus: 4,
      state: 'failed',
      batch: { gpuHours: 100, deadlineMs: NOV.fromMs + 86_400_000 },
      transitions: [
        { state: 'pending', atMs: NOV.fromMs, reason: 'created' },
        {
          state: 'failed',
          atMs: NOV.fromMs + 86_400_000,
          reason: 'deadline missed: ran 40.0 of 100 GPU-hours',
        },
      ],
    });
    const invoice = buildInvoice({
      id: 'inv',
      tenantId: 'acme',
      month: '2026-11',
      leases: [lease],
      segments: [segment({ gpus: 4, toMs: NOV.fromMs + 36_000_000 })],
      untilMs: NOV.toMs,
      issuedAtMs: 0,
    });
    expect(invoice.lines[0]).toMatchObject({ gpuSeconds: 144_000, amountCents: 0 });
    expect(invoice.lines[0]!.note).toContain('deadline missed: ran 40.0 of 100 GPU-hours');
    expect(invoice.totalCents).toBe(0);
  });

  it('bills a batch job for no more than its GPU-hours', () => {
    const lease = leaseFixture({
      tier: 'batch',
      gpus: 4,
      state: 'completed',
      rateCentsPerGpuHour: 100,
      batch: { gpuHours: 4, deadlineMs: NOV.toMs },
    });
    const invoice = buildInvoice({
      id: 'inv',
      tenantId: 'acme',
      month: '2026-11',
      leases: [lease],
      segments: [segment({ gpus: 4, toMs: NOV.fromMs + 3_700_000 })],
      untilMs: NOV.toMs,
      issuedAtMs: 0,
    });
    expect(invoice.lines[0]).toMatchObject({ gpuSeconds: 14_400, amountCents: 400 });
  });

  it('bills a reserved lease for its term within the month, used or not', () => {
    const start = NOV.toMs - 10 * 86_400_000;
    const lease = leaseFixture({
      tier: 'reserved',
      gpus: 8,
      rateCentsPerGpuHour: 199,
      termEndsAtMs: start + 30 * 86_400_000,
      transitions: [
        { state: 'pending', atMs: start - 60_000, reason: 'created' },
        { state: 'running', atMs: start, reason: 'started' },
      ],
    });
    const invoice = buildInvoice({
      id: 'i',
      tenantId: 'acme',
      month: '2026-11',
      leases: [lease],
      segments: [],
      untilMs: NOV.toMs,
      issuedAtMs: 0,
    });
    expect(invoice.lines[0]).toMatchObject({
      state: 'reserved',
      gpuSeconds: 10 * 86_400 * 8,
      amountCents: 10 * 24 * 8 * 199,
    });
  });
});
