import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDirFromEnv } from './data-dir.ts';
import { readMinerModels } from './miner-models-reader.ts';
import { makeTempDir, type TempDir } from './temp-dir.ts';

const file = join(dataDirFromEnv(), 'reference', 'miner_models.csv');
const HEADER = 'model,vendor,release_year,hashrate_ths,power_w,efficiency_j_th,source,notes\n';

describe('readMinerModels on reference/miner_models.csv', () => {
  it('reads all 24 models, none skipped', async () => {
    const { models, skipped } = await readMinerModels(file);
    expect(models).toHaveLength(24);
    expect(skipped).toEqual([]);
  });

  it('keeps stated power and efficiency', async () => {
    const { models } = await readMinerModels(file);
    expect(models.find((m) => m.model === 'Antminer S19j Pro')).toEqual({
      model: 'Antminer S19j Pro',
      vendor: 'Bitmain',
      hashrateThs: 104,
      powerW: 3068,
      efficiencyJPerTh: 29.5,
    });
  });

  it('derives power from hashrate x efficiency when power is empty', async () => {
    const { models } = await readMinerModels(file);
    expect(models.find((m) => m.model === 'Avalon A1346')).toMatchObject({ hashrateThs: 110, powerW: 3300 });
    expect(models.find((m) => m.model === 'Avalon A1366')).toMatchObject({ hashrateThs: 130, powerW: 3250 });
  });

  it('derives efficiency from power / hashrate when efficiency is empty', async () => {
    const { models } = await readMinerModels(file);
    expect(models.find((m) => m.model === 'Antminer S19')!.efficiencyJPerTh).toBeCloseTo(3250 / 95, 10);
    expect(models.find((m) => m.model === 'Antminer T21')!.efficiencyJPerTh).toBeCloseTo(19, 10);
  });

  it('has stated efficiencies within 1% of power / hashrate', async () => {
    for (const m of (await readMinerModels(file)).models) {
      expect(Math.abs(m.efficiencyJPerTh / (m.powerW / m.hashrateThs) - 1), m.model).toBeLessThan(0.01);
    }
  });
});

describe('readMinerModels on small files', () => {
  let temp: TempDir;
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(async () => {
    await temp.remove();
  });

  it('skips a row with neither power nor efficiency and says why', async () => {
    const path = await temp.write(
      'miners.csv',
      `${HEADER}A,V,2020,100,3000,,src,"note, with comma"\nB,V,,90,,,src,\nC,V,,50,,20,src,\n`,
    );
    const { models, skipped } = await readMinerModels(path);
    expect(models.map((m) => [m.model, m.powerW, m.efficiencyJPerTh])).toEqual([
      ['A', 3000, 30],
      ['C', 1000, 20],
    ]);
    expect(skipped).toEqual([
      { file: path, line: 3, model: 'B', reason: expect.stringContaining('both empty') },
    ]);
  });

  it('names file, line and column of a bad hashrate', async () => {
    const path = await temp.write('bad.csv', `${HEADER}A,V,2020,100,3000,,src,\nB,V,2020,fast,3000,,src,\n`);
    await expect(readMinerModels(path)).rejects.toThrow(
      /bad\.csv:3:4 \(column hashrate_ths\): "fast" is not a number/,
    );
    const zero = await temp.write('zero.csv', `${HEADER}A,V,2020,0,3000,,src,\n`);
    await expect(readMinerModels(zero)).rejects.toThrow(/zero\.csv:2:4 .*must be positive/);
  });
});
