import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TelemetryBatch } from '../core/ports/storage.ts';
import { RecordingAgentLog } from './agent-log.ts';
import { TelemetryBuffer } from './telemetry-buffer.ts';

let dir: string;
const log = new RecordingAgentLog();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'telemetry-buffer-'));
  log.entries.length = 0;
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function batch(n: number, padding = 0): TelemetryBatch {
  return {
    siteId: 's1',
    batchId: `s1-${n}`,
    sentAtMs: n,
    readings: [
      {
        deviceId: `m-${'x'.repeat(padding)}`,
        kind: 'miner',
        atMs: n,
        state: 'hashing',
        hashrateThs: 1,
        powerW: 1,
        maxTempC: null,
        utilisation: null,
      },
    ],
  };
}

/** Takes everything out, in order, the way the sender does. */
async function drain(buffer: TelemetryBuffer): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const next = await buffer.peek();
    if (next === undefined) return ids;
    ids.push(next.batch.batchId);
    await buffer.remove(next.seq);
  }
}

describe('TelemetryBuffer', () => {
  it('hands batches out oldest first and forgets them only once removed', async () => {
    const buffer = await TelemetryBuffer.open({ dir, log });
    expect(await buffer.append(batch(1))).toBe(1);
    expect(await buffer.append(batch(2))).toBe(2);
    expect((await buffer.peek())?.batch.batchId).toBe('s1-1');
    expect((await buffer.peek())?.batch.batchId).toBe('s1-1'); // peek does not consume
    await buffer.remove(1);
    expect(await buffer.peek()).toMatchObject({ seq: 2, batch: { batchId: 's1-2' } });
    await buffer.append(batch(3));
    expect(await drain(buffer)).toEqual(['s1-2', 's1-3']);
    expect(buffer.pending).toBe(0);
    await buffer.close();
  });

  it('keeps what was not delivered across a reopen, and numbers on without a gap', async () => {
    const first = await TelemetryBuffer.open({ dir, log, segmentBytes: 300 });
    for (const n of [1, 2, 3, 4, 5]) await first.append(batch(n));
    await first.remove((await first.peek())!.seq);
    await first.close();
    const second = await TelemetryBuffer.open({ dir, log, segmentBytes: 300 });
    expect(second.pending).toBe(4);
    expect(await second.append(batch(6))).toBe(6);
    expect(await drain(second)).toEqual(['s1-2', 's1-3', 's1-4', 's1-5', 's1-6']);
    await second.close();
    // Delivered segments are deleted; only the delivery mark stays.
    expect(await readdir(dir)).toEqual(['acked']);
    const third = await TelemetryBuffer.open({ dir, log });
    expect(await third.append(batch(7))).toBe(7);
    await third.close();
  });

  it('cuts a line torn by a crash off the last segment', async () => {
    const first = await TelemetryBuffer.open({ dir, log });
    await first.append(batch(1));
    await first.close();
    const [segment] = (await readdir(dir)).filter((name) => name.startsWith('seg-'));
    await appendFile(join(dir, segment!), '{"seq":2,"batch":{"siteId":"s1","bat');
    const second = await TelemetryBuffer.open({ dir, log });
    expect(log.entries.map((e) => e.msg)).toContain(
      'telemetry buffer: cut a torn line off the last segment (the agent stopped mid-write)',
    );
    expect(await second.append(batch(2))).toBe(2);
    expect(await drain(second)).toEqual(['s1-1', 's1-2']);
    await second.close();
  });

  it('drops the oldest batches, with an error in the log, when the size limit is reached', async () => {
    const buffer = await TelemetryBuffer.open({ dir, log, maxBytes: 2_000, segmentBytes: 500 });
    for (let n = 1; n <= 30; n++) await buffer.append(batch(n));
    expect(buffer.bytes).toBeLessThanOrEqual(2_000);
    expect(buffer.dropped).toBeGreaterThan(0);
    const errors = log.entries.filter((e) => e.level === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.msg).toMatch(/^telemetry buffer over its limit of 2000 bytes: dropped the \d+ oldest/);
    const left = await drain(buffer);
    expect(left.length + buffer.dropped).toBe(30);
    // What is left is the newest, still in order and without a gap.
    expect(left).toEqual(Array.from({ length: left.length }, (_, i) => `s1-${30 - left.length + 1 + i}`));
    await buffer.close();
  });

  it('refuses a batch bigger than the whole buffer', async () => {
    const buffer = await TelemetryBuffer.open({ dir, log, maxBytes: 1_000 });
    expect(await buffer.append(batch(1, 2_000))).toBe(0);
    expect(buffer.pending).toBe(0);
    expect(log.entries.at(-1)?.level).toBe('error');
    await buffer.close();
  });

  it('rejects use after close', async () => {
    const buffer = await TelemetryBuffer.open({ dir, log });
    await buffer.close();
    await expect(buffer.append(batch(1))).rejects.toThrow(/closed/);
    await buffer.close();
  });
});
