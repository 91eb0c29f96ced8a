import type { Clock } from '../core/ports/clock.ts';
import type { SiteMeter, SiteMeterReading } from '../core/ports/site-meter.ts';
import type { GpuNodeAccess, GpuNodeReading } from './gpu-node-access.ts';
import { mapLimit } from './map-limit.ts';
import type { MinerFleet, MinerObservation } from './miner-fleet.ts';
import { type Pacer, pacedMapLimit, realPacer } from './paced-reads.ts';
import { describeError, withTimeout } from './with-timeout.ts';

/** One miner in a snapshot: what it reported, or why it could not be read (then it counts as down). */
export interface MinerSample {
  readonly id: string;
  readonly observation: MinerObservation | null;
  /** Why the read failed; null when it succeeded. */
  readonly error: string | null;
}

/** One GPU node in a snapshot. */
export interface GpuSample {
  readonly id: string;
  readonly reading: GpuNodeReading | null;
  readonly error: string | null;
}

/** Everything one tick decides on, read once and frozen (style rule 3). */
export interface SiteSnapshot {
  /** Clock time when the reads started. */
  readonly takenAtMs: number;
  readonly miners: readonly MinerSample[];
  readonly gpus: readonly GpuSample[];
  /** The site meter's reading, when the site has a meter (absent otherwise). */
  readonly meter?: MeterSample;
}

/** The site meter in a snapshot: its reading, or why it could not be read. */
export interface MeterSample {
  readonly reading: SiteMeterReading | null;
  readonly error: string | null;
}

export interface SnapshotOptions {
  /** Reads in flight at once (miners and GPU nodes each). */
  readonly concurrency: number;
  /** Budget of one device read, ms; a read that takes longer counts as a failed read. */
  readonly timeoutMs: number;
  /** Spread the miner reads' starts over this many ms (pacedMapLimit); 0 or absent: at once. */
  readonly spreadMs?: number;
  /** Real time for the spread; wall timers by default. */
  readonly pacer?: Pacer;
  /** The site's revenue meter, read alongside the devices. */
  readonly meter?: SiteMeter;
}

/**
 * Reads every miner and GPU node concurrently (at most `concurrency` at once, each within
 * `timeoutMs`; the miner reads spread over `spreadMs` when given) and freezes the result. A failed or late read makes that device's sample
 * `observation: null` / `reading: null` with the reason; it never fails the snapshot.
 */
export async function takeSnapshot(
  miners: MinerFleet,
  gpus: GpuNodeAccess | undefined,
  clock: Clock,
  options: SnapshotOptions,
): Promise<SiteSnapshot> {
  const takenAtMs = clock.nowMs();
  const meterRead = options.meter === undefined ? undefined : readMeter(options.meter, options.timeoutMs);
  const [minerSamples, gpuSamples] = await Promise.all([
    pacedMapLimit(
      miners.ids(),
      async (id): Promise<MinerSample> => {
        try {
          const observation = await withTimeout(miners.observe(id), options.timeoutMs, `miner ${id}`);
          return Object.freeze({ id, observation, error: null });
        } catch (error) {
          return Object.freeze({ id, observation: null, error: describeError(error) });
        }
      },
      {
        concurrency: options.concurrency,
        spreadMs: options.spreadMs ?? 0,
        pacer: options.pacer ?? realPacer,
      },
    ),
    gpus === undefined
      ? Promise.resolve([])
      : mapLimit(gpus.ids(), options.concurrency, async (id): Promise<GpuSample> => {
          try {
            const reading = await withTimeout(gpus.read(id), options.timeoutMs, `GPU node ${id}`);
            return Object.freeze({ id, reading, error: null });
          } catch (error) {
            return Object.freeze({ id, reading: null, error: describeError(error) });
          }
        }),
  ]);
  const meter = meterRead === undefined ? undefined : await meterRead;
  return Object.freeze({
    takenAtMs,
    miners: Object.freeze(minerSamples),
    gpus: Object.freeze(gpuSamples),
    ...(meter !== undefined ? { meter } : {}),
  });
}

async function readMeter(meter: SiteMeter, timeoutMs: number): Promise<MeterSample> {
  try {
    return Object.freeze({ reading: await withTimeout(meter.read(), timeoutMs, 'site meter'), error: null });
  } catch (error) {
    return Object.freeze({ reading: null, error: describeError(error) });
  }
}

/** Mining power the miners that answered report, W (miners that did not answer count for nothing). */
export function measuredMiningW(snapshot: SiteSnapshot): number {
  let total = 0;
  for (const sample of snapshot.miners) total += sample.observation?.reading.powerW ?? 0;
  return total;
}

/** GPU power the nodes that answered report, W. */
export function measuredGpuW(snapshot: SiteSnapshot): number {
  let total = 0;
  for (const sample of snapshot.gpus) total += sample.reading?.powerW ?? 0;
  return total;
}
