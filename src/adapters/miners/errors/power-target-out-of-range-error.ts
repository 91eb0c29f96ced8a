import { MinerError } from './miner-error.ts';

/** A power target outside the miner's range (or not a positive number). Thrown before anything is sent. */
export class PowerTargetOutOfRangeError extends MinerError {
  readonly requestedW: number;
  readonly minPowerW: number | null;
  readonly maxPowerW: number | null;

  constructor(endpoint: string, requestedW: number, minPowerW: number | null, maxPowerW: number | null) {
    const range = `${minPowerW ?? '?'}-${maxPowerW ?? '?'} W`;
    super(
      'SY_ERR_MINER_POWER_TARGET_OUT_OF_RANGE',
      endpoint,
      `power target ${requestedW} W is outside ${range}`,
      { requestedW, minPowerW, maxPowerW },
    );
    this.name = 'PowerTargetOutOfRangeError';
    this.requestedW = requestedW;
    this.minPowerW = minPowerW;
    this.maxPowerW = maxPowerW;
  }
}
