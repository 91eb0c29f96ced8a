import { describe, expect, it } from 'vitest';
import { dataDirFromEnv } from './data-dir.ts';

describe('dataDirFromEnv', () => {
  const cwd = '/srv/switchyard';

  it('prefers the flag, then SWITCHYARD_DATA_DIR, then ../shared/data', () => {
    const env = { SWITCHYARD_DATA_DIR: '/data/env' };
    expect(dataDirFromEnv('/data/flag', env, cwd)).toBe('/data/flag');
    expect(dataDirFromEnv(undefined, env, cwd)).toBe('/data/env');
    expect(dataDirFromEnv(undefined, {}, cwd)).toBe('/srv/shared/data');
  });

  it('resolves relative paths against cwd and treats empty values as unset', () => {
    expect(dataDirFromEnv('data', {}, cwd)).toBe('/srv/switchyard/data');
    expect(dataDirFromEnv('', { SWITCHYARD_DATA_DIR: ' ' }, cwd)).toBe('/srv/shared/data');
  });

  it('defaults to process.cwd() and process.env', () => {
    expect(dataDirFromEnv('x')).toBe(`${process.cwd()}/x`);
  });
});
