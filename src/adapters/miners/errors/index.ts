export { MinerCommandRefusedError } from './miner-command-refused-error.ts';
export { MinerError } from './miner-error.ts';
export { type MinerErrorCode, minerErrorCodes } from './miner-error-codes.ts';
export { excerptOf, MinerProtocolError } from './miner-protocol-error.ts';
export { MinerTimeoutError, type TimeoutPhase } from './miner-timeout-error.ts';
export { MinerUnreachableError } from './miner-unreachable-error.ts';
export { PowerTargetOutOfRangeError } from './power-target-out-of-range-error.ts';
export { UnknownDialectError } from './unknown-dialect-error.ts';
export { UnsupportedCommandError } from './unsupported-command-error.ts';
