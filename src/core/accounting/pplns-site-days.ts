import { SwitchyardError } from '../errors/index.ts';
import type { Fleet } from '../fleet/fleet-schema.ts';
import { roundHalfEvenDiv } from './exact-units.ts';
import { poolFeeBpsFromPercent } from './expected-production.ts';
import type { NetworkDay } from './network-day.ts';
import { poolShareBpsFromPercent, pplnsProductionSats } from './pplns-production.ts';
import type { SiteDay } from './site-day.ts';

const TH = 1_000_000_000_000n;

/**
 * Site-days of sites paid by PPLNS (`pool.scheme: pplns`) with their BTC recomputed exactly from the
 * day's actual block count and fees (see pplns-production.ts) at the day's average hashrate; the
 * USD value of mining scales with it. FPPS sites, and days without a block count, are unchanged.
 */
export function pplnsSiteDays(
  fleet: Fleet,
  siteDays: readonly SiteDay[],
  networkDays: readonly NetworkDay[],
): { siteDays: SiteDay[]; notes: string[] } {
  const pplns = new Map(fleet.sites.filter((s) => s.pool.scheme === 'pplns').map((s) => [s.id, s]));
  if (pplns.size === 0) return { siteDays: [...siteDays], notes: [] };
  const network = new Map(networkDays.map((d) => [d.date, d]));
  const counts = new Map<string, { days: number; blocks: bigint; skipped: number }>();
  const out = siteDays.map((day) => {
    const site = pplns.get(day.siteId);
    if (!site || day.seconds === 0n) return day;
    const count = counts.get(site.id) ?? { days: 0, blocks: 0n, skipped: 0 };
    counts.set(site.id, count);
    const n = network.get(day.date);
    if (!n || n.blockCount === null) {
      count.skipped++;
      return day;
    }
    let sats: bigint;
    try {
      sats = pplnsProductionSats({
        hashrateHs: (day.hashrateThSeconds * TH) / day.seconds,
        difficultyScaled: n.difficultyScaled,
        subsidySatsPerBlock: n.subsidySatsPerBlock,
        feesSats: n.feesSats,
        feeBlocks: n.feeBlocks,
        poolFeeBps: poolFeeBpsFromPercent(site.pool.feePercent),
        seconds: day.seconds,
        networkBlocks: BigInt(n.blockCount),
        poolShareBps: poolShareBpsFromPercent(site.pool.hashrateSharePercent),
      });
    } catch (error) {
      throw new SwitchyardError(
        'SY_ERR_CONFIG_INVALID',
        `site ${site.id} pool.hashrateSharePercent: ${error instanceof Error ? error.message : String(error)}`,
        { siteId: site.id, field: 'pool.hashrateSharePercent' },
      );
    }
    count.days++;
    count.blocks += BigInt(n.blockCount);
    const miningMicroUsd =
      day.btcMinedSats > 0n
        ? roundHalfEvenDiv(day.miningMicroUsd * sats, day.btcMinedSats)
        : day.miningMicroUsd;
    return { ...day, btcMinedSats: sats, miningMicroUsd };
  });
  const notes = [...counts].map(
    ([id, c]) =>
      `${id}: PPLNS payout from each day's actual blocks (${c.blocks} blocks over ${c.days} days, 144 a day expected)` +
      (c.skipped > 0 ? `; ${c.skipped} days without a block count kept at FPPS` : ''),
  );
  return { siteDays: out, notes };
}
