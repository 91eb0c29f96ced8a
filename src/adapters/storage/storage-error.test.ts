import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../core/errors/index.ts';
import { toStorageError } from './storage-error.ts';

const driverError = (code: string, message = 'driver says no') => Object.assign(new Error(message), { code });

describe('toStorageError', () => {
  it('maps an unreachable database to SY_ERR_STORAGE_UNAVAILABLE, keeping the cause', () => {
    for (const cause of [
      driverError('ECONNREFUSED'),
      driverError('08006'),
      driverError('57P01'),
      driverError('28P01'),
      new Error('Connection terminated unexpectedly'),
      new Error('PGlite is closed'),
    ]) {
      const error = toStorageError(cause, 'query');
      expect(error.code).toBe('SY_ERR_STORAGE_UNAVAILABLE');
      expect(error.cause).toBe(cause);
    }
  });

  it('maps unique violations, serialization failures and deadlocks to SY_ERR_STORAGE_CONFLICT', () => {
    for (const code of ['23505', '40001', '40P01']) {
      const error = toStorageError(driverError(code), 'query');
      expect(error.code).toBe('SY_ERR_STORAGE_CONFLICT');
      expect(error.details).toEqual({ sqlState: code });
    }
  });

  it('maps values a column cannot hold to SY_ERR_REQUEST_INVALID and other constraints to SY_ERR_REQUEST_CONSTRAINT', () => {
    for (const code of ['22003', '22021', '22P02', '22P05', '22008']) {
      expect(toStorageError(driverError(code), 'query').code).toBe('SY_ERR_REQUEST_INVALID');
    }
    for (const code of ['23514', '23502', '23503']) {
      const error = toStorageError(driverError(code, 'violates check constraint'), 'query');
      expect(error.code).toBe('SY_ERR_REQUEST_CONSTRAINT');
      expect(error.details).toMatchObject({ sqlState: code });
    }
  });

  it('maps anything else to SY_ERR_INTERNAL and leaves a SwitchyardError as it is', () => {
    expect(toStorageError(driverError('42703'), 'query').code).toBe('SY_ERR_INTERNAL');
    expect(toStorageError('odd', 'query').code).toBe('SY_ERR_INTERNAL');
    const own = new SwitchyardError('SY_ERR_STORAGE_CONFLICT', 'mine');
    expect(toStorageError(own, 'query')).toBe(own);
  });
});
