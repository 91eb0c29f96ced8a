import type { CommandOutcome } from './command-waves.ts';
import { mapLimit } from './map-limit.ts';
import type { MinerFleet } from './miner-fleet.ts';
import { describeError, withTimeout } from './with-timeout.ts';

export interface EmergencyOptions {
  readonly fleet: MinerFleet;
  /** Sleeps (and read-backs) in flight at once. */
  readonly concurrency: number;
  /** Budget of one sleep or one read-back, ms. */
  readonly timeoutMs: number;
  /** Read-back rounds after the first send; a miner not asleep at a round is sent the sleep again. */
  readonly rounds: number;
  /** Pause before each read-back round, ms. */
  readonly intervalMs: number;
  readonly delay: (ms: number) => Promise<void>;
  /** Called as each sleep is sent. */
  readonly onSent?: (minerId: string) => void;
}

/** What the emergency path did to one miner. */
export interface EmergencyOutcome extends CommandOutcome {
  /** Sleeps sent (the first and the retries). */
  readonly attempts: number;
}

/** Below this a miner reads as not hashing, TH/s (as the miner clients' own read-back). */
const ASLEEP_BELOW_THS = 0.5;

/**
 * The agent's emergency path for a curtailment: sends sleep to every miner in `minerIds` at once,
 * at most `concurrency` in flight, each a send and one immediate read (MinerFleet.sleepNow: nothing
 * holds a slot while a miner takes its time); then, `rounds` times, `intervalMs` apart, reads back
 * the miners not confirmed asleep yet and sends the sleep again to those still not asleep. Never
 * throws: each miner ends with an outcome (applied = read back asleep) and the attempts it took.
 */
export async function curtailAll(
  minerIds: readonly string[],
  options: EmergencyOptions,
): Promise<EmergencyOutcome[]> {
  const outcomes = new Map<string, EmergencyOutcome>();
  const send = async (minerId: string, attempts: number): Promise<void> => {
    options.onSent?.(minerId);
    try {
      const result = await withTimeout(
        options.fleet.sleepNow(minerId),
        options.timeoutMs,
        `sleep ${minerId}`,
      );
      outcomes.set(minerId, outcome(minerId, result.applied, result.detail, attempts));
    } catch (error) {
      outcomes.set(minerId, outcome(minerId, false, describeError(error), attempts));
    }
  };
  await mapLimit(minerIds, options.concurrency, (minerId) => send(minerId, 1));
  for (let round = 1; round <= options.rounds; round += 1) {
    const pending = minerIds.filter((id) => outcomes.get(id)?.applied !== true);
    if (pending.length === 0) break;
    await options.delay(options.intervalMs);
    await mapLimit(pending, options.concurrency, async (minerId) => {
      const attempts = outcomes.get(minerId)?.attempts ?? 0;
      try {
        const { reading } = await withTimeout(
          options.fleet.observe(minerId),
          options.timeoutMs,
          `read ${minerId}`,
        );
        const asleep =
          (reading.state === 'sleeping' || reading.state === 'off') &&
          (reading.hashrate5sThs === null || reading.hashrate5sThs < ASLEEP_BELOW_THS);
        if (asleep) {
          outcomes.set(
            minerId,
            outcome(minerId, true, `asleep on read-back ${round} (state ${reading.state})`, attempts),
          );
          return;
        }
      } catch (error) {
        outcomes.set(
          minerId,
          outcome(minerId, false, `read-back ${round}: ${describeError(error)}`, attempts),
        );
      }
      // Not asleep (or not readable): the sleep again.
      await send(minerId, attempts + 1);
    });
  }
  return minerIds.map((id) => outcomes.get(id)!);
}

function outcome(minerId: string, applied: boolean, detail: string, attempts: number): EmergencyOutcome {
  return { command: { minerId, action: 'sleep' }, applied, detail, attempts };
}
