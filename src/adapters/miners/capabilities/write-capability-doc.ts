import { writeFileSync } from 'node:fs';
import { renderCapabilityDoc } from './capability-doc.ts';

/** Writes `docs/miner-capabilities.md` from the code (`npm run docs:miners`). */
const target = new URL('../../../../docs/miner-capabilities.md', import.meta.url);
writeFileSync(target, renderCapabilityDoc());
process.stdout.write(`wrote ${target.pathname}\n`);
