import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeReadResponse, encodeReadRequest, frameLength } from '../../src/adapters/meter/modbus-frame.ts';
import { ModbusSiteMeter } from '../../src/adapters/meter/modbus-site-meter.ts';
import { ModbusTcpClient } from '../../src/adapters/meter/modbus-tcp-client.ts';
import { encodeField, readField, registerMapSchema, SDM630 } from '../../src/adapters/meter/register-map.ts';
import { SwitchyardError } from '../../src/core/errors/index.ts';
import { EmulatedSiteMeter } from '../../src/sim/meter-emulator/emulated-site-meter.ts';
import { ModbusMeterServer } from '../../src/sim/meter-emulator/modbus-meter-server.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function emulatedMeter(itPowerW: () => number, pue: number, now: () => number, map = SDM630) {
  const server = new ModbusMeterServer(new EmulatedSiteMeter({ itPowerW, pue, now }), map);
  const address = await server.listen('127.0.0.1', 0);
  const meter = new ModbusSiteMeter({ ...address, map, now, timeoutMs: 500 });
  closers.push(
    () => meter.close(),
    () => server.close(),
  );
  return { server, meter };
}

/** A raw TCP server answering each request with `reply(request)`. */
async function rawServer(reply: (request: Buffer) => Buffer | undefined): Promise<number> {
  const server: Server = createServer((socket) => {
    socket.on('data', (data) => {
      const answer = reply(data);
      if (answer) socket.write(answer);
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

async function failure(promise: Promise<unknown>): Promise<SwitchyardError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SwitchyardError);
  return error as SwitchyardError;
}

describe('Modbus TCP site meter against the emulated SDM630 meter', () => {
  it('reads the facility power (IT x PUE) and the import register it integrates', async () => {
    let now = Date.UTC(2025, 8, 1);
    let itW = 1_000_000;
    const { meter } = await emulatedMeter(
      () => itW,
      1.1,
      () => now,
    );
    const first = await meter.read();
    expect(first.activePowerW).toBeCloseTo(1_100_000, -1); // float32 keeps ~7 digits
    expect(first.importedEnergyWh).toBe(0);
    now += 3_600_000; // one hour at 1.1 MW
    itW = 500_000;
    const second = await meter.read();
    expect(second.importedEnergyWh).toBeCloseTo(1_100_000, -3);
    expect(second.activePowerW).toBeCloseTo(550_000, -1);
    expect(second.exportedEnergyWh).toBe(0);
    expect(second.atMs).toBe(now);
  });

  it('reads a meter described by its own map (holding registers, int32 low word first, W and Wh)', async () => {
    const map = registerMapSchema.parse({
      model: 'custom',
      functionCode: 3,
      activePower: { address: 100, type: 'int32', wordOrder: 'low-first' },
      importedEnergy: { address: 110, type: 'uint32', scale: 10, wordOrder: 'low-first' },
    });
    const now = 0;
    const { meter } = await emulatedMeter(
      () => 123_456,
      1,
      () => now,
      map,
    );
    const reading = await meter.read();
    expect(reading).toEqual({ atMs: 0, activePowerW: 123_456, importedEnergyWh: 0, exportedEnergyWh: null });
  });

  it('a meter that stops answering is SY_ERR_METER_UNREACHABLE, and it reads again once it answers', async () => {
    const { server, meter } = await emulatedMeter(
      () => 1_000,
      1,
      () => 0,
    );
    server.fault = 'silent';
    expect((await failure(meter.read())).code).toBe('SY_ERR_METER_UNREACHABLE');
    server.fault = 'none';
    expect((await meter.read()).activePowerW).toBe(1_000);
  });

  it('a Modbus exception, a garbage reply and a wrong transaction id are SY_ERR_METER_PROTOCOL', async () => {
    const { server, meter } = await emulatedMeter(
      () => 1_000,
      1,
      () => 0,
    );
    server.fault = 'exception';
    expect((await failure(meter.read())).message).toContain('exception 4 (server device failure)');
    server.fault = 'garbage';
    expect((await failure(meter.read())).code).toBe('SY_ERR_METER_PROTOCOL');
    server.fault = 'wrong-transaction';
    expect((await failure(meter.read())).message).toContain('transaction id');
  });

  it('nobody listening is SY_ERR_METER_UNREACHABLE', async () => {
    const port = await rawServer(() => undefined);
    await closers.shift()!();
    const client = new ModbusTcpClient({ host: '127.0.0.1', port, timeoutMs: 500 });
    expect((await failure(client.readRegisters(4, 0, 2))).code).toBe('SY_ERR_METER_UNREACHABLE');
  });
});

describe('Modbus TCP frames', () => {
  const request = { transactionId: 7, unitId: 1, functionCode: 4 as const, address: 0x34, quantity: 2 };

  it('encodes a read request as MBAP + PDU (12 bytes)', () => {
    expect(encodeReadRequest(request).toString('hex')).toBe('000700000006010400340002');
  });

  it('decodes a reply and refuses every malformed variant', () => {
    const ok = Buffer.from('000700000007010404' + '43a00000', 'hex');
    expect(decodeReadResponse(ok, request)).toEqual([0x43a0, 0x0000]);
    const bad: [string, string][] = [
      ['000700010007010404' + '43a00000', 'protocol id'],
      ['000700000009010404' + '43a00000', 'MBAP length'],
      ['000700000007020404' + '43a00000', 'unit id'],
      ['000700000007010304' + '43a00000', 'function 3'],
      ['000700000005010402' + '43a0', 'byte count'],
      ['000700000003018402', 'exception 2 (illegal data address)'],
      ['0007000000', 'too short'],
    ];
    for (const [hex, text] of bad) {
      let message = '';
      try {
        decodeReadResponse(Buffer.from(hex, 'hex'), request);
      } catch (error) {
        expect((error as SwitchyardError).code).toBe('SY_ERR_METER_PROTOCOL');
        message = (error as Error).message;
      }
      expect(message).toContain(text);
    }
  });

  it('a frame length outside 2..254 is refused; a partial frame waits for more bytes', () => {
    expect(frameLength(Buffer.from('0007000000070104', 'hex'))).toBe(0);
    expect(() => frameLength(Buffer.from('00070000ffff0104', 'hex'))).toThrow(/MBAP length 65535/);
  });

  it('a reply with an oversized length field from a real socket is a protocol error', async () => {
    const port = await rawServer(() => Buffer.from('00010000ffff01', 'hex'));
    const client = new ModbusTcpClient({ host: '127.0.0.1', port, timeoutMs: 500 });
    closers.push(() => client.close());
    expect((await failure(client.readRegisters(4, 0, 2))).code).toBe('SY_ERR_METER_PROTOCOL');
  });

  it('float32 and integer fields round-trip through registers in both word orders', () => {
    const field = { address: 10, type: 'float32' as const, scale: 1000, wordOrder: 'low-first' as const };
    expect(readField(field, [0, 0, ...encodeField(field, 12_345_000)], 8)).toBeCloseTo(12_345_000, -1);
    const int = { address: 0, type: 'int16' as const, scale: 1, wordOrder: 'high-first' as const };
    expect(readField(int, encodeField(int, -5), 0)).toBe(-5);
  });
});
