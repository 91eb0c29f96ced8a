import { overrideRange, type ResolvedOptions } from '../client-options.ts';
import { MinerCommandRefusedError } from '../errors/miner-command-refused-error.ts';
import { MinerProtocolError } from '../errors/miner-protocol-error.ts';
import type { MinerCapabilities } from '../miner-client.ts';
import { asNumber, at } from '../reading/json-values.ts';

/**
 * What a Braiins OS miner can do, from its tuner constraints (`configuration/constraints` over REST,
 * `GetConstraints` over gRPC: the same `tuner_constraints.power_target` shape): it sleeps, and takes a
 * power target within the constraints' range (or the operator's override). A refused or malformed
 * constraints reply leaves the range open, with a note.
 */
export async function braiinsPowerCapabilities(
  constraints: () => Promise<unknown>,
  powerRangeW: ResolvedOptions['powerRangeW'],
): Promise<MinerCapabilities> {
  const notes: string[] = [];
  let min: number | null = null;
  let max: number | null = null;
  try {
    const reply = await constraints();
    min = asNumber(at(reply, 'tuner_constraints', 'power_target', 'min', 'watt'));
    max = asNumber(at(reply, 'tuner_constraints', 'power_target', 'max', 'watt'));
  } catch (error) {
    if (!(error instanceof MinerCommandRefusedError || error instanceof MinerProtocolError)) throw error;
    notes.push(`no tuner constraints: ${error.problem}`);
  }
  const range = overrideRange(
    { min, max, source: min !== null || max !== null ? 'Braiins tuner constraints' : null },
    powerRangeW,
  );
  return {
    canSleep: true,
    canSetPowerTarget: true,
    minPowerW: range.min,
    maxPowerW: range.max,
    powerRangeSource: range.source,
    notes,
  };
}
