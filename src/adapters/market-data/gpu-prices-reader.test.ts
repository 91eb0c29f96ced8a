import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDirFromEnv } from './data-dir.ts';
import { readGpuRentalPrices } from './gpu-prices-reader.ts';
import { makeTempDir, type TempDir } from './temp-dir.ts';

const file = join(dataDirFromEnv(), 'reference', 'gpu_rental_prices.csv');
const HEADER = 'observed_date,provider,gpu_model,vram_gb,tier,price_usd_per_gpu_hour,source,notes\n';

describe('readGpuRentalPrices on reference/gpu_rental_prices.csv', () => {
  it('reads all 64 price points, quoted providers intact', async () => {
    const prices = await readGpuRentalPrices(file);
    expect(prices).toHaveLength(64);
    expect(prices[0]).toEqual({
      observedDate: '2024-12',
      provider: 'AWS (EC2 Capacity Blocks, p5.48xlarge, us-east-1/us-east-2)',
      gpuModel: 'H100 SXM',
      vramGb: 80,
      tier: 'reserved',
      priceUsdPerGpuHour: 4.916,
    });
    expect(
      prices.find((p) => p.observedDate === '2026-05-07' && p.provider === 'Modal' && p.gpuModel === 'H100'),
    ).toMatchObject({ priceUsdPerGpuHour: 3.9492 });
  });
});

describe('readGpuRentalPrices on small files', () => {
  let temp: TempDir;
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(async () => {
    await temp.remove();
  });

  it('reads an empty vram as null and rejects a bad date or price with its location', async () => {
    const ok = await temp.write('ok.csv', `${HEADER}2025-06,X,RTX 5090,,spot,0.5,s,\n`);
    expect((await readGpuRentalPrices(ok))[0]!.vramGb).toBeNull();
    const badDate = await temp.write('bad_date.csv', `${HEADER}June 2025,X,H100,80,spot,0.5,s,\n`);
    await expect(readGpuRentalPrices(badDate)).rejects.toThrow(/bad_date\.csv:2:1 \(column observed_date\)/);
    const badPrice = await temp.write('bad_price.csv', `${HEADER}2025-06,X,H100,80,spot,$2,s,\n`);
    await expect(readGpuRentalPrices(badPrice)).rejects.toThrow(
      /bad_price\.csv:2:6 \(column price_usd_per_gpu_hour\): "\$2" is not a number/,
    );
  });
});
