import type { GpuPool } from '../../core/marketplace/marketplace-types.ts';
import { poolsBelowBooked } from './marketplace-rules.ts';
import type { SqlDatabase } from './sql-database.ts';
import { POOL_COLUMNS, type PoolRow } from './sql-marketplace-rows.ts';
import { num } from './sql-values.ts';

/**
 * See MarketplaceRepository.syncPools: one transaction that locks every pool row first, so no
 * booking changes a pool between the check (no total below its booked GPUs) and the writes.
 */
export async function syncPools(db: SqlDatabase, pools: readonly GpuPool[]): Promise<void> {
  await db.transaction(async (tx) => {
    // Locks every pool until commit: no booking changes what is checked here.
    const current = await tx.query<PoolRow>(
      `SELECT ${POOL_COLUMNS} FROM gpu_pools ORDER BY site_id, group_id FOR UPDATE`,
    );
    const booked = new Map(current.map((row) => [poolKey(row.site_id, row.group_id), num(row.booked_gpus)]));
    const below = pools
      .map((pool) => ({
        ...poolId(pool),
        totalGpus: pool.totalGpus,
        bookedGpus: booked.get(key(pool)) ?? 0,
      }))
      .filter((pool) => pool.bookedGpus > pool.totalGpus);
    if (below.length > 0) throw poolsBelowBooked(below);
    for (const pool of pools) {
      await tx.query(
        `INSERT INTO gpu_pools (site_id, group_id, region, gpu_model, total_gpus, gpus_per_node, preempt_notice_seconds)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (site_id, group_id) DO UPDATE SET region = EXCLUDED.region, gpu_model = EXCLUDED.gpu_model,
           total_gpus = EXCLUDED.total_gpus, gpus_per_node = EXCLUDED.gpus_per_node,
           preempt_notice_seconds = EXCLUDED.preempt_notice_seconds`,
        [
          pool.siteId,
          pool.groupId,
          pool.region,
          pool.gpuModel,
          pool.totalGpus,
          pool.gpusPerNode,
          pool.preemptNoticeSeconds,
        ],
      );
    }
    const kept = new Set(pools.map(key));
    for (const row of current) {
      if (kept.has(poolKey(row.site_id, row.group_id)) || num(row.booked_gpus) > 0) continue;
      await tx.query('DELETE FROM gpu_pools WHERE site_id = $1 AND group_id = $2 AND booked_gpus = 0', [
        row.site_id,
        row.group_id,
      ]);
    }
  });
}

function poolKey(siteId: string, groupId: string): string {
  return `${siteId}\u0000${groupId}`;
}

function key(pool: GpuPool): string {
  return poolKey(pool.siteId, pool.groupId);
}

function poolId(pool: GpuPool): { siteId: string; groupId: string } {
  return { siteId: pool.siteId, groupId: pool.groupId };
}
