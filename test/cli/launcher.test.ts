import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript launcher module, no types
import { useCompiled } from '../../bin/use-compiled.js';

/** bin/switchyard.js runs dist/ (plain node) when the build is there and current, else src/ via tsx. */
describe('the launcher picks the compiled program when it is current', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function checkout(files: Record<string, number>): string {
    const root = mkdtempSync(join(tmpdir(), 'switchyard-launcher-'));
    dirs.push(root);
    for (const [path, mtimeS] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), '');
      utimesSync(join(root, path), mtimeS, mtimeS);
    }
    return root;
  }

  it('runs src/ when nothing was built', () => {
    expect(useCompiled(checkout({ 'src/cli/main.ts': 1000 }), {})).toBe(false);
  });

  it('runs dist/ when the build is newer than every source file', () => {
    const root = checkout({ 'src/cli/main.ts': 1000, 'src/agent/x.ts': 1500, 'dist/cli/main.js': 2000 });
    expect(useCompiled(root, {})).toBe(true);
  });

  it('runs src/ when a source file changed after the build (a stale build never runs)', () => {
    const root = checkout({ 'src/cli/main.ts': 1000, 'src/agent/x.ts': 3000, 'dist/cli/main.js': 2000 });
    expect(useCompiled(root, {})).toBe(false);
  });

  it('ignores test files when judging staleness', () => {
    const root = checkout({ 'src/agent/x.ts': 1000, 'src/agent/x.test.ts': 3000, 'dist/cli/main.js': 2000 });
    expect(useCompiled(root, {})).toBe(true);
  });

  it('ignores files that are not source (a README edited after the build)', () => {
    const root = checkout({ 'src/agent/x.ts': 1000, 'src/agent/README.md': 3000, 'dist/cli/main.js': 2000 });
    expect(useCompiled(root, {})).toBe(true);
  });

  it('runs dist/ in an installed package that ships no src/', () => {
    expect(useCompiled(checkout({ 'dist/cli/main.js': 2000 }), {})).toBe(true);
  });

  it('runs src/ when SWITCHYARD_SOURCE=1 asks for it', () => {
    const root = checkout({ 'src/cli/main.ts': 1000, 'dist/cli/main.js': 2000 });
    expect(useCompiled(root, { SWITCHYARD_SOURCE: '1' })).toBe(false);
  });
});
