import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createMinerClient } from '../../src/adapters/miners/index.ts';
import { EmulatedMiner, MinerEmulatorHost } from '../../src/sim/index.ts';

const spec = { model: 'Antminer S19 XP', hashrateThs: 140, powerW: 3010 };
const miner = (seed: number) => EmulatedMiner.create({ spec, now: () => Date.now(), seed });

/** Sends raw bytes and collects the reply until the peer closes. */
function exchange(port: number, bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(bytes));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks)));
    socket.on('error', reject);
  });
}

describe('MinerEmulatorHost', () => {
  it('gives concurrent adds distinct ids and ports, refuses a duplicate id, removes one miner', async () => {
    const host = new MinerEmulatorHost();
    try {
      const endpoints = await Promise.all(
        [1, 2, 3].map((seed) => host.add(miner(seed), { dialect: 'luxos' })),
      );
      expect(endpoints.map((e) => e.id)).toEqual(['miner-1', 'miner-2', 'miner-3']);
      expect(new Set(endpoints.map((e) => e.port)).size).toBe(3);
      await expect(host.add(miner(4), { id: 'miner-2', dialect: 'luxos' })).rejects.toThrow(/already exists/);
      await host.remove('miner-2');
      expect(host.endpoints().map((e) => e.id)).toEqual(['miner-1', 'miner-3']);
      await expect(
        createMinerClient('luxos', { host: '127.0.0.1', port: endpoints[1]!.port }).read(),
      ).rejects.toMatchObject({ code: 'SY_ERR_MINER_UNREACHABLE' });
    } finally {
      await host.close();
    }
  });

  it('speaks cgminer framing: JSON then a NUL byte, combined commands, an error status for non-JSON', async () => {
    const host = new MinerEmulatorHost();
    try {
      const { port } = await host.add(miner(5), { dialect: 'antminer-stock' });
      const single = await exchange(port, Buffer.from('{"command":"summary"}'));
      expect(single.at(-1)).toBe(0);
      const body = JSON.parse(single.subarray(0, -1).toString('utf8'));
      expect(body.STATUS[0]).toMatchObject({ STATUS: 'S', Code: 11, Msg: 'Summary' });
      expect(body.SUMMARY[0].Elapsed).toBeGreaterThan(0);
      const combined = JSON.parse(
        (await exchange(port, Buffer.from('{"command":"version+pools"}'))).toString().slice(0, -1),
      );
      expect(Object.keys(combined)).toEqual(['version', 'pools', 'id']);
      expect(combined.version[0].VERSION[0].Type).toBe('Antminer S19 XP');
      const garbage = JSON.parse(
        (await exchange(port, Buffer.from([0, 0, 0, 9, 1, 2]))).toString().slice(0, -1),
      );
      expect(garbage.STATUS[0]).toMatchObject({ STATUS: 'E', Code: 23 });
      const unknown = JSON.parse(
        (await exchange(port, Buffer.from('{"command":"reboot"}'))).toString().slice(0, -1),
      );
      expect(unknown.STATUS[0]).toMatchObject({ STATUS: 'E', Code: 14, Msg: 'Invalid command' });
    } finally {
      await host.close();
    }
  });

  it('close() ends connections the emulated network is holding', async () => {
    const host = new MinerEmulatorHost();
    const held = miner(6);
    held.setNetwork({ timeoutProbability: 1 });
    const { port } = await host.add(held, { dialect: 'luxos' });
    const reply = exchange(port, Buffer.from('{"command":"summary"}'));
    const deadline = Date.now() + 2000;
    while (host.openConnections === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(host.openConnections).toBe(1);
    await host.close();
    // Ended with no reply: a clean end, or a reset when the held request was never read.
    const ended = await reply.then(
      (bytes) => `${bytes.length} bytes`,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(['0 bytes', 'ECONNRESET']).toContain(ended);
    expect(host.openConnections).toBe(0);
  });
});
