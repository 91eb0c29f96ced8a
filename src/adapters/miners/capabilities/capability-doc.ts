import { MINER_DIALECTS } from '../miner-reading.ts';
import { DIALECT_CONTROLS } from './dialect-controls.ts';

const cell = (value: string | null) => (value === null ? 'no' : value.replace(/\|/g, '\\|'));

/** `docs/miner-capabilities.md`, generated from `DIALECT_CONTROLS` (run `npm run docs:miners`). */
export function renderCapabilityDoc(): string {
  const rows = MINER_DIALECTS.map((dialect) => {
    const c = DIALECT_CONTROLS[dialect];
    return `| \`${dialect}\` | ${cell(c.firmware)} | ${cell(c.transport)} | ${cell(c.read)} | ${cell(c.sleep)} | ${cell(c.wake)} | ${cell(c.powerTarget)} | ${cell(c.hashboardDisable)} | ${cell(c.readBack)} | ${cell(c.evidence)} |`;
  });
  return [
    '# Miner dialects and what each client can do',
    '',
    '<!-- Generated from src/adapters/miners/capabilities/dialect-controls.ts by `npm run docs:miners`;',
    '     test/miners/capability-table.test.ts fails when this file drifts from the code. -->',
    '',
    '"no": the client throws `UnsupportedCommandError` (`SY_ERR_MINER_UNSUPPORTED`) before sending anything.',
    'Every control is confirmed by reading the miner back (`applied: false` when the read-back never agrees).',
    '',
    '| dialect | firmware | transport | read | sleep | wake | power target | hashboard disable | read-back | tested on captures |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'Detected but not supported (named as such by `miner probe`): Bitaxe AxeOS, Elphapex.',
    'ePIC and Auradine have no recorded reply in `../shared/fixtures/miners`: both are built to their published APIs.',
    '',
  ].join('\n');
}
