import { MinerProtocolError } from '../errors/miner-protocol-error.ts';
import { MinerTimeoutError } from '../errors/miner-timeout-error.ts';
import { MinerUnreachableError } from '../errors/miner-unreachable-error.ts';
import type { ControlResult } from '../miner-client.ts';
import type { MinerReading } from '../miner-reading.ts';

/** How long to keep reading a miner back after a control command. */
export interface VerifyOptions {
  /** Read-backs before giving up. */
  readonly attempts: number;
  /** ms to wait before each read-back. */
  readonly intervalMs: number;
}

/** 20 read-backs 3 s apart: a minute, enough for a curtail to show and for a Whatsminer limit reboot. */
export const DEFAULT_VERIFY: VerifyOptions = { attempts: 20, intervalMs: 3_000 };

export interface CheckOutcome {
  readonly ok: boolean;
  readonly detail: string;
}

/** Below this a miner counts as not hashing (a sleeping miner reports 0; ramp-down leaves crumbs). */
export const ASLEEP_BELOW_THS = 0.5;

export function checkAsleep(reading: MinerReading): CheckOutcome {
  const asleep = reading.state === 'sleeping' || reading.state === 'off';
  const quiet = reading.hashrate5sThs === null || reading.hashrate5sThs < ASLEEP_BELOW_THS;
  return {
    ok: asleep && quiet,
    detail: `state ${reading.state}, ${reading.hashrate5sThs ?? '?'} TH/s (5 s)`,
  };
}

export function checkAwake(reading: MinerReading): CheckOutcome {
  return {
    ok: reading.state !== 'sleeping' && reading.state !== 'off',
    detail: `state ${reading.state}, ${reading.hashrate5sThs ?? '?'} TH/s (5 s)`,
  };
}

export function checkPowerTarget(reading: MinerReading, expectedW: number, toleranceW = 1): CheckOutcome {
  const target = reading.powerTargetW;
  return {
    ok: target !== null && Math.abs(target - expectedW) <= toleranceW,
    detail: `power target reads ${target ?? 'nothing'} (wanted ${expectedW} W), drawing ${reading.powerW ?? '?'} W`,
  };
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Reads the miner back until `check` passes or `attempts` run out. Read-backs that fail because the
 * miner is restarting (unreachable, timeout, garbled) are counted and retried.
 * @param acknowledgement what the miner answered to the command, for the detail text.
 */
export async function verifyByReadBack(
  read: () => Promise<MinerReading>,
  check: (reading: MinerReading) => CheckOutcome,
  options: VerifyOptions,
  acknowledgement: string,
): Promise<ControlResult> {
  let lastReading: MinerReading | null = null;
  let lastDetail = 'no read-back made';
  for (let attempt = 1; attempt <= options.attempts; attempt += 1) {
    await delay(options.intervalMs);
    try {
      lastReading = await read();
      const outcome = check(lastReading);
      lastDetail = outcome.detail;
      if (outcome.ok) {
        return {
          applied: true,
          detail: `${acknowledgement}; confirmed: ${outcome.detail}`,
          reading: lastReading,
        };
      }
    } catch (error) {
      if (
        error instanceof MinerUnreachableError ||
        error instanceof MinerTimeoutError ||
        error instanceof MinerProtocolError
      ) {
        lastDetail = `read-back failed: ${error.problem}`;
      } else {
        throw error;
      }
    }
  }
  return {
    applied: false,
    detail: `${acknowledgement}, but not confirmed after ${options.attempts} read-back(s): ${lastDetail}`,
    reading: lastReading,
  };
}
