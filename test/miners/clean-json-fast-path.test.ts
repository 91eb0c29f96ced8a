import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLenientJson, parseTolerantJson } from '../../src/adapters/miners/transport/lenient-json.ts';
import { minerFixturesDir } from './fixtures-dir.ts';

/**
 * The clean-JSON fast path of parseLenientJson (JSON.parse first, the defect-tolerant parser only
 * when that fails) must give exactly what the tolerant parser gives, value and defects, on every
 * recorded miner reply in ../shared/fixtures/miners (see its README for each capture's source),
 * clean or defective, with and without cgminer's NUL terminator.
 */
function replies(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return replies(path);
    return /\.(json|txt)$/.test(name) ? [path] : [];
  });
}

describe('the clean-JSON fast path reads every recorded reply as the tolerant parser does', () => {
  const root = minerFixturesDir();
  const files = replies(root);

  it('has recorded replies to check', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  for (const file of files) {
    it(relative(root, file), () => {
      const text = readFileSync(file, 'utf8');
      for (const wire of [text, `${text}\0`, `${text}\0\0`]) {
        let reference: ReturnType<typeof parseTolerantJson> | Error;
        try {
          reference = parseTolerantJson(wire);
        } catch (error) {
          reference = error as Error;
        }
        if (reference instanceof Error) {
          expect(() => parseLenientJson(wire)).toThrow(reference.message);
        } else {
          expect(parseLenientJson(wire)).toEqual(reference);
        }
      }
    });
  }

  it('reports the NUL terminator of a clean reply, and nothing else', () => {
    expect(parseLenientJson('{"STATUS":[{"STATUS":"S"}]}\0')).toEqual({
      value: { STATUS: [{ STATUS: 'S' }] },
      defects: ['nul-bytes'],
    });
    expect(parseLenientJson(' [1,2] ').defects).toEqual([]);
  });
});
