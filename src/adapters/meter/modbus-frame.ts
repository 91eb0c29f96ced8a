import { SwitchyardError } from '../../core/errors/index.ts';

/**
 * Modbus TCP framing (Modbus Application Protocol v1.1b3 and "Modbus Messaging on TCP/IP" v1.0b):
 * an MBAP header of 7 bytes (transaction id u16, protocol id u16 = 0, length u16 = bytes that
 * follow including the unit id, unit id u8) then the PDU. Only the two read functions a meter
 * needs: 0x03 Read Holding Registers and 0x04 Read Input Registers (1..125 registers).
 */
export type ReadFunction = 3 | 4;

export const MBAP_LENGTH = 7;
export const MAX_REGISTERS = 125;

/** Names of the standard exception codes (MODBUS Application Protocol, 7). */
export const MODBUS_EXCEPTIONS: Readonly<Record<number, string>> = {
  1: 'illegal function',
  2: 'illegal data address',
  3: 'illegal data value',
  4: 'server device failure',
  5: 'acknowledge',
  6: 'server device busy',
  10: 'gateway path unavailable',
  11: 'gateway target device failed to respond',
};

export interface ReadRequest {
  readonly transactionId: number;
  readonly unitId: number;
  readonly functionCode: ReadFunction;
  readonly address: number;
  readonly quantity: number;
}

/** A read request frame (MBAP + PDU, 12 bytes). */
export function encodeReadRequest(request: ReadRequest): Buffer {
  if (request.quantity < 1 || request.quantity > MAX_REGISTERS)
    throw new RangeError(`quantity ${request.quantity} outside 1..${MAX_REGISTERS}`);
  const frame = Buffer.alloc(12);
  frame.writeUInt16BE(request.transactionId & 0xffff, 0);
  frame.writeUInt16BE(0, 2);
  frame.writeUInt16BE(6, 4);
  frame.writeUInt8(request.unitId, 6);
  frame.writeUInt8(request.functionCode, 7);
  frame.writeUInt16BE(request.address, 8);
  frame.writeUInt16BE(request.quantity, 10);
  return frame;
}

/**
 * Bytes of the first whole frame at the start of `buffer` (from the MBAP length field), or 0 when
 * more bytes are needed. A length field outside 2..254 cannot be a Modbus frame: protocol error.
 */
export function frameLength(buffer: Buffer): number {
  if (buffer.length < MBAP_LENGTH) return 0;
  const length = buffer.readUInt16BE(4);
  if (length < 2 || length > 254) throw protocolError(`MBAP length ${length} outside 2..254`);
  return buffer.length >= 6 + length ? 6 + length : 0;
}

/**
 * The register values of a reply to `request`. Everything is checked: transaction id, protocol id,
 * length, unit id, function code, byte count = 2 x quantity. An exception reply (function | 0x80)
 * is SY_ERR_METER_PROTOCOL naming the exception.
 */
export function decodeReadResponse(frame: Buffer, request: ReadRequest): number[] {
  if (frame.length < MBAP_LENGTH + 2) throw protocolError(`frame of ${frame.length} bytes is too short`);
  const transactionId = frame.readUInt16BE(0);
  if (transactionId !== (request.transactionId & 0xffff))
    throw protocolError(`transaction id ${transactionId}, expected ${request.transactionId & 0xffff}`);
  const protocolId = frame.readUInt16BE(2);
  if (protocolId !== 0) throw protocolError(`protocol id ${protocolId}, expected 0 (Modbus)`);
  const length = frame.readUInt16BE(4);
  if (length !== frame.length - 6)
    throw protocolError(`MBAP length ${length} but ${frame.length - 6} bytes follow`);
  const unitId = frame.readUInt8(6);
  if (unitId !== request.unitId) throw protocolError(`unit id ${unitId}, expected ${request.unitId}`);
  const functionCode = frame.readUInt8(7);
  if (functionCode === (request.functionCode | 0x80)) {
    const code = frame.readUInt8(8);
    throw protocolError(`exception ${code} (${MODBUS_EXCEPTIONS[code] ?? 'unknown exception'})`, {
      exceptionCode: code,
    });
  }
  if (functionCode !== request.functionCode)
    throw protocolError(`function ${functionCode}, expected ${request.functionCode}`);
  const byteCount = frame.readUInt8(8);
  if (byteCount !== request.quantity * 2 || frame.length !== 9 + byteCount)
    throw protocolError(
      `byte count ${byteCount} with ${frame.length - 9} data bytes, expected ${request.quantity * 2}`,
    );
  const values: number[] = [];
  for (let i = 0; i < request.quantity; i++) values.push(frame.readUInt16BE(9 + 2 * i));
  return values;
}

/** A request frame as a server reads it; undefined when it is not a read request (for the emulator). */
export function decodeReadRequest(
  frame: Buffer,
): ReadRequest | { transactionId: number; unitId: number; functionCode: number } {
  const transactionId = frame.readUInt16BE(0);
  const unitId = frame.readUInt8(6);
  const functionCode = frame.readUInt8(7);
  if ((functionCode !== 3 && functionCode !== 4) || frame.length !== 12)
    return { transactionId, unitId, functionCode };
  return {
    transactionId,
    unitId,
    functionCode,
    address: frame.readUInt16BE(8),
    quantity: frame.readUInt16BE(10),
  };
}

/** A read reply frame with `values` (u16 each). */
export function encodeReadResponse(request: ReadRequest, values: readonly number[]): Buffer {
  const frame = Buffer.alloc(9 + values.length * 2);
  frame.writeUInt16BE(request.transactionId, 0);
  frame.writeUInt16BE(0, 2);
  frame.writeUInt16BE(3 + values.length * 2, 4);
  frame.writeUInt8(request.unitId, 6);
  frame.writeUInt8(request.functionCode, 7);
  frame.writeUInt8(values.length * 2, 8);
  values.forEach((value, i) => {
    frame.writeUInt16BE(value & 0xffff, 9 + 2 * i);
  });
  return frame;
}

/** An exception reply frame. */
export function encodeException(
  request: { transactionId: number; unitId: number; functionCode: number },
  exceptionCode: number,
): Buffer {
  const frame = Buffer.alloc(9);
  frame.writeUInt16BE(request.transactionId, 0);
  frame.writeUInt16BE(0, 2);
  frame.writeUInt16BE(3, 4);
  frame.writeUInt8(request.unitId, 6);
  frame.writeUInt8((request.functionCode | 0x80) & 0xff, 7);
  frame.writeUInt8(exceptionCode, 8);
  return frame;
}

export function protocolError(problem: string, details: Record<string, unknown> = {}): SwitchyardError {
  return new SwitchyardError('SY_ERR_METER_PROTOCOL', `Modbus TCP: ${problem}`, { problem, ...details });
}
