import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { renderCapabilityDoc } from '../../src/adapters/miners/capabilities/capability-doc.ts';
import { DIALECT_CONTROLS } from '../../src/adapters/miners/capabilities/dialect-controls.ts';
import {
  createMinerClient,
  MINER_DIALECTS,
  UnsupportedCommandError,
} from '../../src/adapters/miners/index.ts';

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('the miner capability table', () => {
  it('docs/miner-capabilities.md is what the code generates (run `npm run docs:miners` after a change)', () => {
    const doc = readFileSync(new URL('../../docs/miner-capabilities.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderCapabilityDoc());
  });

  it('has a row for every dialect, and every dialect the table lists exists', () => {
    expect(Object.keys(DIALECT_CONTROLS).sort()).toEqual([...MINER_DIALECTS].sort());
  });

  // A "no" in the table is a client that refuses before sending anything: nothing listens on the port.
  const refusals = MINER_DIALECTS.flatMap((dialect) => {
    const controls = DIALECT_CONTROLS[dialect];
    return [
      ...(controls.sleep === null ? [{ dialect, command: 'sleep' as const }] : []),
      ...(controls.wake === null ? [{ dialect, command: 'wake' as const }] : []),
      ...(controls.powerTarget === null ? [{ dialect, command: 'setPowerTarget' as const }] : []),
    ];
  });

  it.each(refusals)(
    '$dialect: $command is refused with UnsupportedCommandError before any I/O',
    async ({ dialect, command }) => {
      const port = await closedPort();
      const client = createMinerClient(dialect, {
        host: '127.0.0.1',
        port,
        webPort: port,
        connectTimeoutMs: 300,
      });
      const run = command === 'setPowerTarget' ? client.setPowerTarget(1000) : client[command]();
      await expect(run).rejects.toBeInstanceOf(UnsupportedCommandError);
    },
  );

  it('no client claims hashboard disable', () => {
    expect(MINER_DIALECTS.filter((dialect) => DIALECT_CONTROLS[dialect].hashboardDisable !== null)).toEqual(
      [],
    );
  });
});
