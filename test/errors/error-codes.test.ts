import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../src/core/errors/error-codes.ts';

describe('error-code catalogue', () => {
  const documented = [
    ...readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8').matchAll(/^## (SY_ERR_\w+)/gm),
  ].map((match) => match[1]);

  it('documents every code in docs/errors.md', () => {
    expect(Object.keys(errorCodes).filter((code) => !documented.includes(code))).toEqual([]);
  });

  it('documents no code that does not exist', () => {
    expect(documented.filter((code) => !(code! in errorCodes))).toEqual([]);
  });

  it('follows SY_ERR_<AREA>[_<WHAT>] and maps to an HTTP status', () => {
    for (const [code, entry] of Object.entries(errorCodes)) {
      expect(code).toMatch(/^SY_ERR_[A-Z]+(_[A-Z]+)*$/);
      expect(entry.httpStatus).toBeGreaterThanOrEqual(400);
    }
  });
});
