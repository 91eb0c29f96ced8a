import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../adapters/storage/memory-storage.ts';
import type { Site } from '../../core/fleet/index.ts';
import { OperationsService } from './operations-service.ts';

const site = (id: string) => ({ id, region: 'texas' }) as unknown as Site;

async function storageWith(...ids: string[]): Promise<MemoryStorage> {
  const storage = new MemoryStorage();
  for (const id of ids) await storage.sites.put(site(id));
  return storage;
}

describe('OperationsService.curtail', () => {
  it('stores the curtailment and answers before the re-plan ends; the curtailed setpoints go out first', async () => {
    const storage = await storageWith('tx-1', 'tx-2');
    const steps: string[] = [];
    let finishReplan!: () => void;
    const operations = new OperationsService(
      storage,
      () => 1_000,
      (siteIds) => {
        steps.push(`replan ${siteIds.join(',')}`);
        return new Promise<void>((resolve) => {
          finishReplan = resolve;
        });
      },
      {
        publishCurtailed: async (siteIds, reason) => {
          steps.push(`publish ${siteIds.join(',')}: ${reason}`);
        },
        onError: (error) => {
          throw error;
        },
      },
    );
    const curtailment = await operations.curtail({ region: 'texas' }, 'transformer check', 'ops');
    // Answered while the re-plan has not even finished.
    expect((await storage.curtailments.active()).map((c) => c.id)).toEqual([curtailment.id]);
    expect(curtailment.siteIds).toEqual(['tx-1', 'tx-2']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(steps).toEqual(['publish tx-1,tx-2: transformer check', 'replan tx-1,tx-2']);
    let settled = false;
    const waiting = operations.settled().then(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    finishReplan();
    await waiting;
    expect(settled).toBe(true);
  });

  it('reports a failure to carry the curtailment out, which stays stored', async () => {
    const storage = await storageWith('tx-1');
    const failures: string[] = [];
    const operations = new OperationsService(
      storage,
      () => 1_000,
      async () => {},
      {
        publishCurtailed: async () => {
          throw new Error('broker down');
        },
        onError: (error, siteIds) => failures.push(`${siteIds.join(',')}: ${(error as Error).message}`),
      },
    );
    const curtailment = await operations.curtail({ siteIds: ['tx-1'] }, 'storm', 'ops');
    await operations.settled();
    expect(failures).toEqual(['tx-1: broker down']);
    expect((await storage.curtailments.active()).map((c) => c.id)).toEqual([curtailment.id]);
  });
});
