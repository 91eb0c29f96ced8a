import { createServer, type Server, type Socket } from 'node:net';
import {
  decodeReadRequest,
  encodeException,
  encodeReadResponse,
  frameLength,
  MAX_REGISTERS,
} from '../../adapters/meter/modbus-frame.ts';
import { encodeField, type RegisterMap } from '../../adapters/meter/register-map.ts';
import type { EmulatedSiteMeter } from './emulated-site-meter.ts';

/** Faults a test can switch on: stop answering, or answer with a broken frame. */
export type MeterFault = 'none' | 'silent' | 'garbage' | 'wrong-transaction' | 'exception';

/**
 * A Modbus TCP server in front of an emulated meter, serving the registers of a meter model's map
 * (default: the Eastron SDM630 map) with function 3 or 4 as the model's map says. Registers outside
 * the map read 0; a read beyond 0xFFFF or of more than 125 registers is exception 2 / 3, another
 * function exception 1, as a real meter answers.
 */
export class ModbusMeterServer {
  readonly meter: EmulatedSiteMeter;
  readonly map: RegisterMap;
  readonly unitId: number;
  fault: MeterFault = 'none';
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();

  constructor(meter: EmulatedSiteMeter, map: RegisterMap, unitId = 1) {
    this.meter = meter;
    this.map = map;
    this.unitId = unitId;
    this.#server = createServer((socket) => this.#serve(socket));
  }

  listen(host = '127.0.0.1', port = 0): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        const address = this.#server.address();
        resolve({ host, port: typeof address === 'object' && address ? address.port : port });
      });
    });
  }

  close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #serve(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        let length: number;
        try {
          length = frameLength(buffer);
        } catch {
          socket.destroy();
          return;
        }
        if (length === 0) return;
        const frame = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        const reply = this.#answer(frame);
        if (reply) socket.write(reply);
      }
    });
  }

  #answer(frame: Buffer): Buffer | undefined {
    const request = decodeReadRequest(frame);
    if (this.fault === 'silent') return undefined;
    if (this.fault === 'garbage') return Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n');
    if (this.fault === 'exception') return encodeException(request, 4);
    if (!('address' in request) || request.functionCode !== this.map.functionCode)
      return encodeException(request, 1);
    if (request.quantity < 1 || request.quantity > MAX_REGISTERS) return encodeException(request, 3);
    if (request.address + request.quantity > 0x10000) return encodeException(request, 2);
    const registers = this.#registers();
    const values = Array.from(
      { length: request.quantity },
      (_, i) => registers.get(request.address + i) ?? 0,
    );
    const reply = encodeReadResponse(request, values);
    if (this.fault === 'wrong-transaction') reply.writeUInt16BE((request.transactionId + 1) & 0xffff, 0);
    return reply;
  }

  #registers(): Map<number, number> {
    const sample = this.meter.sample();
    const registers = new Map<number, number>();
    const put = (field: RegisterMap['activePower'] | undefined, value: number) => {
      if (!field) return;
      encodeField(field, value).forEach((word, i) => {
        registers.set(field.address + i, word);
      });
    };
    put(this.map.activePower, sample.activePowerW);
    put(this.map.importedEnergy, sample.importedWh);
    put(this.map.exportedEnergy, sample.exportedWh);
    return registers;
  }
}
