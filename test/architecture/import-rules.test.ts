import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findImportViolations, importsOf, parseImportRules, ruleFor } from '../../scripts/import-rules.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const architecture = readFileSync(join(root, 'docs/ARCHITECTURE.md'), 'utf8');

/** A project holding this repository's ARCHITECTURE.md and the given files. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'import-rules-'));
  for (const [path, text] of Object.entries({ 'docs/ARCHITECTURE.md': architecture, ...files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('the ARCHITECTURE table as import rules', () => {
  const rules = parseImportRules(architecture);

  it('reads a rule for every folder row, "(types)" grants and "everything"', () => {
    expect(ruleFor(rules, 'src/core/ports/storage.ts')?.allowed).toEqual(
      expect.arrayContaining([
        { folder: 'src/core/market/', typesOnly: true },
        { folder: 'src/core/allocator/', typesOnly: true },
      ]),
    );
    expect(ruleFor(rules, 'src/core/errors/error-codes.ts')?.allowed).toEqual([]);
    expect(ruleFor(rules, 'src/cli/main.ts')?.allowed).toBeNull();
    expect(ruleFor(rules, 'test/web/browser.ts')?.folder).toBe('test/web/');
    // "nothing else from `src`" grants nothing: the dashboard gets the two folders it names.
    expect(ruleFor(rules, 'web/src/main.tsx')?.allowed?.map((a) => a.folder)).toEqual([
      'src/core/marketplace/',
      'src/core/ports/',
      'src/core/time/',
      'src/server/contracts/',
    ]);
  });

  it('tells type-only imports and re-exports from value imports', () => {
    const edges = importsOf(
      'x.ts',
      [
        "import type { A } from './a.ts';",
        "import { type B, type C } from './b.ts';",
        "import { type D, e } from './d.ts';",
        "import './side-effect.ts';",
        "export type { F } from './f.ts';",
        "export { g } from './g.ts';",
        "const h = await import('./h.ts');",
        "type I = import('./i.ts').I;",
      ].join('\n'),
    );
    expect(edges.map((e) => [e.specifier, e.typeOnly])).toEqual([
      ['./a.ts', true],
      ['./b.ts', true],
      ['./d.ts', false],
      ['./side-effect.ts', false],
      ['./f.ts', true],
      ['./g.ts', false],
      ['./h.ts', false],
      ['./i.ts', true],
    ]);
  });
});

describe('the import check', () => {
  it('finds no import in this repository that breaks docs/ARCHITECTURE.md', () => {
    expect(findImportViolations(root)).toEqual([]);
  });

  it('fails on a deliberately added forbidden import, naming file, line and rule', () => {
    const dir = project({
      'src/core/market/price.ts':
        "export const x = 1;\nimport { open } from '../../adapters/storage/open.ts';\n",
      'src/adapters/storage/open.ts': 'export const open = 1;\n',
    });
    expect(findImportViolations(dir)).toEqual([
      expect.objectContaining({
        file: 'src/core/market/price.ts',
        line: 2,
        reason: 'src/core/market/ may not import src/adapters/storage/',
      }),
    ]);
  });

  it('holds "(types)" grants to type-only imports and keeps node:* out of the core, tests included', () => {
    const dir = project({
      'src/core/ports/a.ts': [
        "import type { Plan } from '../allocator/site-plan.ts';",
        "import { planSite } from '../allocator/plan-site.ts';",
      ].join('\n'),
      'src/core/forecast/f.test.ts': "import { readFileSync } from 'node:fs';\n",
      'src/server/app.ts':
        "import { readFileSync } from 'node:fs';\nimport { open } from '../adapters/storage/open.ts';\n",
    });
    expect(findImportViolations(dir).map((v) => `${v.file}:${v.line} ${v.reason}`)).toEqual([
      'src/core/forecast/f.test.ts:1 code in src/core imports no node:* module',
      'src/core/ports/a.ts:2 src/core/ports/ may import src/core/allocator/ for types only',
    ]);
  });
});
