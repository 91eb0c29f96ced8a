import { afterEach, describe, expect, it } from 'vitest';
import { createMinerClient, type MinerReading } from '../../src/adapters/miners/index.ts';
import { EXPECTED } from './expected-readings.ts';
import type { RunningServer } from './fixture-server.ts';
import { type FixtureVariant, type StartOptions, startVariant, VARIANTS } from './fixture-variants.ts';

const clock = { nowMs: () => 1_760_000_000_000 };
let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function readVariant(variant: FixtureVariant, options: StartOptions = {}): Promise<MinerReading> {
  server = await startVariant(variant, options);
  const client = createMinerClient(variant.dialect, { host: server.host, port: server.port, clock });
  return client.read();
}

function withoutVolatile(reading: MinerReading) {
  const { endpoint: _endpoint, readAtMs: _readAtMs, warnings: _warnings, ...rest } = reading;
  return rest;
}

describe.each(VARIANTS.map((variant) => ({ variant, name: variant.name })))(
  'reading $name',
  ({ variant }) => {
    const expected = EXPECTED[variant.name]!;

    it('normalizes the recorded replies served exactly as stored', async () => {
      const reading = await readVariant(variant);
      expect(withoutVolatile(reading)).toEqual(expected);
      expect(reading.readAtMs).toBe(clock.nowMs());
      expect(reading.endpoint).toBe(`127.0.0.1:${server!.port}`);
    });

    if (variant.framing === 'cgminer') {
      it('gives the same reading with the NUL terminator real cgminer appends', async () => {
        const reading = await readVariant(variant, { suffix: Buffer.from([0]) });
        expect(withoutVolatile(reading)).toEqual(expected);
      });

      it('gives the same reading when the firmware rejects combined "a+b" commands', async () => {
        const reading = await readVariant(variant, { combined: 'reject' });
        expect(withoutVolatile(reading)).toEqual(expected);
      });
    }
  },
);

describe('reading notes', () => {
  it('says when power is a nameplate estimate', async () => {
    const reading = await readVariant(VARIANTS.find((v) => v.name === 'antminer/v2020')!);
    expect(reading.warnings).toContain(
      'power estimated from the Antminer S19 Pro nameplate (3250 W at 110 TH/s)',
    );
  });

  it('names the commands a stats-only capture could not answer', async () => {
    const reading = await readVariant(
      VARIANTS.find((v) => v.name === 'avalonminer Avalon 1246 (stats only)')!,
    );
    expect(reading.warnings.join('\n')).toMatch(/pools not available: .*Invalid command/);
  });
});
