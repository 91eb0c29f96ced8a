export { AllocatorError } from './allocator-error.ts';
export { type ConfigIssue, ConfigError, formatIssues } from './config-error.ts';
export { type DataFileLocation, DataFileError } from './data-file-error.ts';
export { type ErrorCode, errorCodes } from './error-codes.ts';
export { SwitchyardError } from './switchyard-error.ts';
