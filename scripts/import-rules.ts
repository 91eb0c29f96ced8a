/**
 * The "may import" column of docs/ARCHITECTURE.md as rules, and a check of every TypeScript import
 * in the tree against them. The table is the single source: a row names its folder (first cell) and
 * the folders its code may import (third cell); a folder marked "(types)" may be imported for types
 * only. Code in `src/core` may import no `node:*` module.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** One folder's rule. `allowed` null means "everything". */
export interface FolderRule {
  readonly folder: string;
  readonly allowed: readonly AllowedTarget[] | null;
}

export interface AllowedTarget {
  readonly folder: string;
  readonly typesOnly: boolean;
}

/** One import in one file. */
export interface ImportEdge {
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
  readonly typeOnly: boolean;
}

export interface ImportViolation extends ImportEdge {
  readonly reason: string;
}

const ROOTS = ['src/', 'web/', 'test/', 'bench/', 'examples/', 'scripts/'];

/** The rules in the ARCHITECTURE table's rows, in the order they appear. */
export function parseImportRules(markdown: string): FolderRule[] {
  const rules: FolderRule[] = [];
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line.split('|').map((cell) => cell.trim());
    const folder = firstCode(cells[1] ?? '');
    if (!folder || !ROOTS.some((root) => folder.startsWith(root))) continue;
    rules.push({ folder: asFolder(folder), allowed: parseAllowed(cells[3] ?? '') });
  }
  return rules;
}

function parseAllowed(cell: string): AllowedTarget[] | null {
  // "nothing else from `src`": what follows "nothing" restricts, it grants nothing.
  const granting = cell.split(/\bnothing\b/)[0] ?? '';
  if (/\beverything\b/.test(granting)) return null;
  if (/every `core\/\*` folder/.test(granting)) return [{ folder: 'src/core/', typesOnly: false }];
  const allowed: AllowedTarget[] = [];
  const code = /`([^`]+)`(\s*\(([^)]*)\))?/g;
  for (let match = code.exec(granting); match; match = code.exec(granting)) {
    const target = match[1]!;
    if (!/^(src\/)?(core|adapters|agent|server|sim|cli)(\/|$)/.test(target)) continue;
    const folder = asFolder(target.startsWith('src/') ? target : `src/${target}`);
    allowed.push({ folder, typesOnly: /^types\b/.test(match[3]?.trim() ?? '') });
  }
  return allowed;
}

function firstCode(cell: string): string | undefined {
  return /`([^`]+)`/.exec(cell)?.[1];
}

function asFolder(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

/** The rule of the deepest row whose folder holds `file` (a path relative to the root). */
export function ruleFor(rules: readonly FolderRule[], file: string): FolderRule | undefined {
  let best: FolderRule | undefined;
  for (const rule of rules) {
    if (file.startsWith(rule.folder) && (!best || rule.folder.length > best.folder.length)) best = rule;
  }
  return best;
}

/** The imports and re-exports of one TypeScript source, with whether each is for types only. */
export function importsOf(file: string, source: string): ImportEdge[] {
  const parsed = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const edges: ImportEdge[] = [];
  const add = (node: ts.Node, specifier: ts.Expression | undefined, typeOnly: boolean): void => {
    if (!specifier || !ts.isStringLiteral(specifier)) return;
    const line = parsed.getLineAndCharacterOfPosition(node.getStart(parsed)).line + 1;
    edges.push({ file, line, specifier: specifier.text, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node, node.moduleSpecifier, isTypeOnlyImport(node));
    else if (ts.isExportDeclaration(node)) add(node, node.moduleSpecifier, isTypeOnlyExport(node));
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal as ts.Expression, true);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(parsed);
  return edges;
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // a side-effect import runs the module
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return (
    !!bindings && ts.isNamedImports(bindings) && bindings.elements.every((element) => element.isTypeOnly)
  );
}

function isTypeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return !!clause && ts.isNamedExports(clause) && clause.elements.every((element) => element.isTypeOnly);
}

/** Why `edge` breaks `rules`, or undefined when it may stand. `root` is the project's root. */
export function checkImport(
  rules: readonly FolderRule[],
  root: string,
  edge: ImportEdge,
): string | undefined {
  const own = ruleFor(rules, edge.file);
  if (!own) return undefined;
  if (edge.specifier.startsWith('node:') || isBuiltin(edge.specifier)) {
    return own.folder.startsWith('src/core/') ? 'code in src/core imports no node:* module' : undefined;
  }
  if (!edge.specifier.startsWith('.')) return undefined; // a package
  const target = toPosix(relative(root, resolve(root, dirname(edge.file), edge.specifier)));
  if (target.startsWith(own.folder) || own.allowed === null) return undefined;
  const targetRule = ruleFor(rules, target);
  const grant = own.allowed.find((allowed) => target.startsWith(allowed.folder));
  const where = targetRule?.folder ?? target;
  if (!grant) return `${own.folder} may not import ${where}`;
  if (grant.typesOnly && !edge.typeOnly) return `${own.folder} may import ${grant.folder} for types only`;
  return undefined;
}

const BUILTINS = new Set([
  'fs',
  'path',
  'url',
  'os',
  'crypto',
  'child_process',
  'net',
  'http',
  'worker_threads',
]);

function isBuiltin(specifier: string): boolean {
  return BUILTINS.has(specifier.split('/')[0]!);
}

/** Every `.ts`/`.tsx` file under the rows' folders, relative to `root`, skipping build output. */
export function sourceFiles(root: string, rules: readonly FolderRule[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}${entry.name}`;
      if (entry.isDirectory()) {
        if (!['node_modules', 'dist', '.switchyard', 'test-artifacts'].includes(entry.name)) walk(`${path}/`);
      } else if (/\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(path);
    }
  };
  const tops = new Set(rules.map((rule) => rule.folder.split('/')[0]!));
  for (const top of tops) {
    try {
      walk(`${top}/`);
    } catch {
      // a row for a folder not in this checkout
    }
  }
  return files.sort();
}

/** Every import under `root` that breaks the table in its docs/ARCHITECTURE.md. */
export function findImportViolations(root: string): ImportViolation[] {
  const rules = parseImportRules(readFileSync(join(root, 'docs/ARCHITECTURE.md'), 'utf8'));
  const violations: ImportViolation[] = [];
  for (const file of sourceFiles(root, rules)) {
    for (const edge of importsOf(file, readFileSync(join(root, file), 'utf8'))) {
      const reason = checkImport(rules, root, edge);
      if (reason) violations.push({ ...edge, reason });
    }
  }
  return violations;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
