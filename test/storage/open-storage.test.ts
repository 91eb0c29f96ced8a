import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseUrlFromEnv, openStorage } from '../../src/adapters/storage/index.ts';
import { SwitchyardError } from '../../src/core/errors/index.ts';
import { createTestDatabase } from './postgres-test-database.ts';

describe('openStorage', () => {
  it('opens PostgreSQL from a database URL, migrated', async () => {
    const database = await createTestDatabase();
    try {
      const storage = await openStorage({ databaseUrl: database.url });
      try {
        expect(await storage.sites.list()).toEqual([]);
      } finally {
        await storage.close();
      }
    } finally {
      await database.drop();
    }
  });

  it('fails with SY_ERR_STORAGE_UNAVAILABLE, the cause attached and no password shown, when PostgreSQL is unreachable', async () => {
    const error = await openStorage({
      databaseUrl: 'postgres://switchyard:s3cret@127.0.0.1:1/switchyard',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(SwitchyardError);
    expect(error.code).toBe('SY_ERR_STORAGE_UNAVAILABLE');
    expect(error.message).toContain('127.0.0.1:1/switchyard');
    expect(error.message).not.toContain('s3cret');
    expect(error.cause).toBeDefined();
  });

  it('rejects a URL that is not PostgreSQL', async () => {
    await expect(openStorage({ databaseUrl: 'mysql://localhost/db' })).rejects.toMatchObject({
      code: 'SY_ERR_STORAGE_UNAVAILABLE',
    });
    await expect(openStorage({ databaseUrl: 'not a url' })).rejects.toMatchObject({
      code: 'SY_ERR_STORAGE_UNAVAILABLE',
    });
  });

  it('fails with SY_ERR_STORAGE_UNAVAILABLE when the PGlite directory cannot be created', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-open-'));
    try {
      const file = join(dir, 'a-file');
      await writeFile(file, 'not a directory');
      await expect(openStorage({ dataDir: join(file, 'pgdata') })).rejects.toMatchObject({
        code: 'SY_ERR_STORAGE_UNAVAILABLE',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads DATABASE_URL, treating an empty value as unset', () => {
    expect(databaseUrlFromEnv({ DATABASE_URL: 'postgres://h/db' })).toBe('postgres://h/db');
    expect(databaseUrlFromEnv({ DATABASE_URL: ' ' })).toBeUndefined();
    expect(databaseUrlFromEnv({})).toBeUndefined();
  });
});
