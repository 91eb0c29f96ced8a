import { Socket } from 'node:net';
import { SwitchyardError } from '../../core/errors/index.ts';
import { decodeReadResponse, encodeReadRequest, frameLength, type ReadFunction } from './modbus-frame.ts';

export interface ModbusTcpOptions {
  readonly host: string;
  /** Default 502. */
  readonly port?: number;
  /** Default 1. */
  readonly unitId?: number;
  /** Connect + reply timeout per request, ms (default 2000). */
  readonly timeoutMs?: number;
}

/**
 * A Modbus TCP client for register reads: one connection, opened on demand, one request at a time
 * (meters often serve a single outstanding request). Any failure closes the connection; the next
 * read opens a new one. Errors: SY_ERR_METER_UNREACHABLE (refused, timeout, closed),
 * SY_ERR_METER_PROTOCOL (a malformed or mismatched frame, a Modbus exception).
 */
export class ModbusTcpClient {
  readonly #options: Required<ModbusTcpOptions>;
  #socket: Socket | undefined;
  #transactionId = 0;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: ModbusTcpOptions) {
    this.#options = { port: 502, unitId: 1, timeoutMs: 2_000, ...options };
  }

  /** Reads `quantity` registers from `address` with function 3 or 4. */
  readRegisters(functionCode: ReadFunction, address: number, quantity: number): Promise<number[]> {
    const run = () => this.#read(functionCode, address, quantity);
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    this.#socket?.destroy();
    this.#socket = undefined;
  }

  async #read(functionCode: ReadFunction, address: number, quantity: number): Promise<number[]> {
    this.#transactionId = (this.#transactionId + 1) & 0xffff;
    const request = {
      transactionId: this.#transactionId,
      unitId: this.#options.unitId,
      functionCode,
      address,
      quantity,
    };
    try {
      const socket = await this.#connect();
      const frame = await this.#exchange(socket, encodeReadRequest(request));
      return decodeReadResponse(frame, request);
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  #connect(): Promise<Socket> {
    if (this.#socket && !this.#socket.destroyed) return Promise.resolve(this.#socket);
    const { host, port, timeoutMs } = this.#options;
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      const timer = setTimeout(() => {
        socket.destroy();
        reject(unreachable(`${host}:${port}: no connection within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (cause) => {
        clearTimeout(timer);
        reject(unreachable(`${host}:${port}: ${cause.message}`, cause));
      });
      socket.connect(port, host, () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.on('error', () => socket.destroy());
        socket.setNoDelay(true);
        this.#socket = socket;
        resolve(socket);
      });
    });
  }

  #exchange(socket: Socket, request: Buffer): Promise<Buffer> {
    const { host, port, timeoutMs } = this.#options;
    return new Promise((resolve, reject) => {
      let buffer = Buffer.alloc(0);
      const finish = (error: Error | undefined, frame?: Buffer) => {
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('close', onClose);
        if (error) reject(error);
        else resolve(frame!);
      };
      const onData = (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        try {
          const length = frameLength(buffer);
          if (length > 0) finish(undefined, buffer.subarray(0, length));
        } catch (error) {
          finish(error as Error);
        }
      };
      const onClose = () => finish(unreachable(`${host}:${port}: connection closed before a whole reply`));
      const timer = setTimeout(
        () => finish(unreachable(`${host}:${port}: no reply within ${timeoutMs} ms`)),
        timeoutMs,
      );
      socket.on('data', onData);
      socket.once('close', onClose);
      socket.write(request);
    });
  }
}

function unreachable(message: string, cause?: Error): SwitchyardError {
  return new SwitchyardError(
    'SY_ERR_METER_UNREACHABLE',
    `Modbus TCP ${message}`,
    {},
    cause ? { cause } : undefined,
  );
}
