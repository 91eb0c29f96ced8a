import { type ErrorCode, errorCodes } from '../../../core/errors/index.ts';

/** The codes of the miner protocol library's errors: the `SY_ERR_MINER_*` entries of the catalogue. */
export type MinerErrorCode = Extract<ErrorCode, `SY_ERR_MINER_${string}`>;

export const minerErrorCodes = Object.fromEntries(
  Object.entries(errorCodes).filter(([code]) => code.startsWith('SY_ERR_MINER_')),
) as Pick<typeof errorCodes, MinerErrorCode>;
