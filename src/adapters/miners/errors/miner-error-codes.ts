/**
 * Codes carried by the miner protocol library's errors. They follow the project's `SY_ERR_<AREA>_<WHAT>`
 * rule so they can join the catalogue in `src/core/errors/error-codes.ts` (and `docs/errors.md`) as is.
 */
export const minerErrorCodes = {
  SY_ERR_MINER_UNREACHABLE: { httpStatus: 502, summary: 'The miner refused or did not accept a connection.' },
  SY_ERR_MINER_TIMEOUT: {
    httpStatus: 504,
    summary: 'The miner did not connect or reply within the timeout.',
  },
  SY_ERR_MINER_PROTOCOL: { httpStatus: 502, summary: 'The miner sent a reply that could not be understood.' },
  SY_ERR_MINER_COMMAND_REFUSED: {
    httpStatus: 409,
    summary: 'The miner answered but refused the command (error status, bad credentials).',
  },
  SY_ERR_MINER_UNSUPPORTED_COMMAND: {
    httpStatus: 422,
    summary: 'This miner, model or firmware cannot do the command; nothing was sent.',
  },
  SY_ERR_MINER_POWER_TARGET_OUT_OF_RANGE: {
    httpStatus: 422,
    summary: "The power target is outside the miner's range; nothing was sent.",
  },
  SY_ERR_MINER_UNKNOWN_DIALECT: {
    httpStatus: 422,
    summary: 'The host answered, but not in any miner API dialect this library speaks.',
  },
} as const;

export type MinerErrorCode = keyof typeof minerErrorCodes;
