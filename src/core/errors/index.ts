export { AllocatorError } from './allocator-error.ts';
export { ConfigError, type ConfigIssue, formatIssues } from './config-error.ts';
export { DataFileError, type DataFileLocation } from './data-file-error.ts';
export { type ErrorCode, errorCodes } from './error-codes.ts';
export { SwitchyardError } from './switchyard-error.ts';
