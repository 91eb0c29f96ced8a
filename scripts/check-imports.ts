/** `npm run check:imports`: fails when an import breaks the "may import" column of docs/ARCHITECTURE.md. */
import { fileURLToPath } from 'node:url';
import { findImportViolations } from './import-rules.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const violations = findImportViolations(root);
for (const v of violations) console.error(`${v.file}:${v.line}: ${v.reason} ("${v.specifier}")`);
if (violations.length > 0) {
  console.error(`${violations.length} import(s) break docs/ARCHITECTURE.md`);
  process.exit(1);
}
console.log('imports follow docs/ARCHITECTURE.md');
