import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDirFromEnv } from './data-dir.ts';
import { readDifficultyEpochs } from './difficulty-epochs-reader.ts';
import { makeTempDir, type TempDir } from './temp-dir.ts';

const file = join(dataDirFromEnv(), 'bitcoin', 'difficulty_epochs.csv');

describe('readDifficultyEpochs', () => {
  it('reads the 160 epochs 608,832 .. 929,376', async () => {
    const epochs = await readDifficultyEpochs(file);
    expect(epochs).toHaveLength(160);
    expect(epochs[0]).toEqual({ height: 608832, startDate: '2019-12-19', difficulty: 12948593420946 });
    expect(epochs[epochs.length - 1]!.height).toBe(929376);
    expect(epochs.find((e) => e.height === 840672)).toEqual({
      height: 840672,
      startDate: '2024-04-24',
      difficulty: 88104191118792.8,
    });
    for (let i = 1; i < epochs.length; i++) expect(epochs[i]!.height - epochs[i - 1]!.height).toBe(2016);
  });

  describe('malformed files', () => {
    let temp: TempDir;
    beforeAll(async () => {
      temp = await makeTempDir();
    });
    afterAll(async () => {
      await temp.remove();
    });

    it('names file, line and column of a fractional height', async () => {
      const path = await temp.write(
        'epochs.csv',
        'height,timestamp_utc,difficulty,start_date_utc\n2016,,5,2020-01-01\n4032.5,,6,2020-01-15\n',
      );
      await expect(readDifficultyEpochs(path)).rejects.toThrow(
        /epochs\.csv:3:1 \(column height\): "4032\.5" is not a whole number/,
      );
    });
  });
});
